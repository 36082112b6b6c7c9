#compdef mcptask

__mcptask_complete() {
    local -ar non_empty_completions=("${@:#(|:*)}")
    local -ar empty_completions=("${(M)@:#(|:*)}")
    _describe -V '' non_empty_completions -- empty_completions -P $'\'\''
}

__mcptask_custom_complete() {
    local -a completions
    completions=("${(@f)"$("${command_name}" "${@}" "${command_line[@]}")"}")
    if [[ "${#completions[@]}" -gt 1 ]]; then
        __mcptask_complete "${completions[@]:0:-1}"
    fi
}

__mcptask_cursor_index_in_current_word() {
    if [[ -z "${QIPREFIX}${IPREFIX}${PREFIX}" ]]; then
        printf 0
    else
        printf %s "${#${(z)LBUFFER}[-1]}"
    fi
}

_mcptask() {
    emulate -RL zsh -G
    setopt extendedglob nullglob numericglobsort
    unsetopt aliases banghist

    local -xr SAP_SHELL=zsh
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(builtin emulate zsh -c 'printf %s "${ZSH_VERSION}"')"
    local -r SAP_SHELL_VERSION

    local context state state_descr line
    local -A opt_args

    local -r command_name="${words[1]}"
    local -ar command_line=("${words[@]}")
    local -ir current_word_index="$((CURRENT - 1))"

    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'tools:List the server'\''s tools and whether each can run as a task.'
            'call:Call a tool, as a task when it supports one, and print its result.'
            'get:Show the current state of tasks by id.'
            'result:Wait for a task to finish and print its result.'
            'list:List tasks: the server'\''s, every page, joined with the local task registry.'
            'cancel:Cancel tasks by id.'
            'servers:List the servers named in configuration files.'
            'session:Manage the HTTP sessions mcptask remembers between commands.'
            'info:Show what the server is: name, version, protocol generation, capabilities and task support.'
            'shell:An interactive session on one connection: start tasks in the background, answer their questions.'
            'demo-server:Run mcptask'\''s built-in demo MCP task server (stdio by default, or Streamable HTTP).'
            'help:Show subcommand help information.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        tools|call|get|result|list|cancel|servers|session|info|shell|demo-server|help)
            "_mcptask_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_mcptask_tools() {
    local -i ret=1
    local -ar arg_specs=(
        '--json[Machine-readable output\: JSON on stdout (see each command).]'
        '(-v --verbose)'{-v,--verbose}'[Say more on stderr\: connection details and the server'\''s own stderr.]'
        '--timeout[Give up after this many seconds (exit 7); the task keeps running on the server.]:seconds:'
        '--protocol[Protocol generation\: auto (found once per server, then remembered), 2025-11-25 or 2026-07-28.]:version:'
        '--max-message-size[Largest message accepted from the server, in MiB.]:MiB:'
        '--url[Streamable HTTP endpoint of the server (or set MCPTASK_URL).]:url:'
        '(-s --server)'{-s,--server}'[A server named in .mcp.json, .vscode/mcp.json or ~/.config/mcptask/config.json (or set MCPTASK_SERVER).]:name:'
        '--config[A configuration file to look in first for -s NAME.]:file:'
        '--demo[Use mcptask'\''s built-in demo task server (runs '\''mcptask demo-server'\'' over stdio).]'
        '*'{-H,--header}'[Extra HTTP header '\''Name\: value'\'' (repeatable), e.g. for Authorization.]:header:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_mcptask_call() {
    local -i ret=1
    local -ar arg_specs=(
        '--json[Machine-readable output\: JSON on stdout (see each command).]'
        '(-v --verbose)'{-v,--verbose}'[Say more on stderr\: connection details and the server'\''s own stderr.]'
        '--timeout[Give up after this many seconds (exit 7); the task keeps running on the server.]:seconds:'
        '--protocol[Protocol generation\: auto (found once per server, then remembered), 2025-11-25 or 2026-07-28.]:version:'
        '--max-message-size[Largest message accepted from the server, in MiB.]:MiB:'
        ':tool:'
        '*:key=value:'
        '--args[Base arguments as a JSON object, @FILE, or - for stdin.]:json|@file|-:'
        '--ttl[Ask the server to keep the task this many milliseconds.]:ms:'
        '--no-task[Call a task-optional tool plainly, without a task.]'
        '--detach[Start the task, print its id, and exit without waiting.]'
        '--cancel-on-interrupt[On Ctrl-C, cancel the task on the server before exiting.]'
        '*--answer[Answer a form field up front, read like typed input (repeatable).]:key=value:'
        '--answers[Answers as a JSON object, from a file or - for stdin.]:file|-:'
        '--no-input[Never prompt; forms the answers do not complete are declined.]'
        '--decline-all[Decline every question the server asks.]'
        '--open-urls[Open URLs you consent to with $BROWSER.]'
        '--url[Streamable HTTP endpoint of the server (or set MCPTASK_URL).]:url:'
        '(-s --server)'{-s,--server}'[A server named in .mcp.json, .vscode/mcp.json or ~/.config/mcptask/config.json (or set MCPTASK_SERVER).]:name:'
        '--config[A configuration file to look in first for -s NAME.]:file:'
        '--demo[Use mcptask'\''s built-in demo task server (runs '\''mcptask demo-server'\'' over stdio).]'
        '*'{-H,--header}'[Extra HTTP header '\''Name\: value'\'' (repeatable), e.g. for Authorization.]:header:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_mcptask_get() {
    local -i ret=1
    local -ar arg_specs=(
        '--json[Machine-readable output\: JSON on stdout (see each command).]'
        '(-v --verbose)'{-v,--verbose}'[Say more on stderr\: connection details and the server'\''s own stderr.]'
        '--timeout[Give up after this many seconds (exit 7); the task keeps running on the server.]:seconds:'
        '--protocol[Protocol generation\: auto (found once per server, then remembered), 2025-11-25 or 2026-07-28.]:version:'
        '--max-message-size[Largest message accepted from the server, in MiB.]:MiB:'
        '*:id:'
        '--url[Streamable HTTP endpoint of the server (or set MCPTASK_URL).]:url:'
        '(-s --server)'{-s,--server}'[A server named in .mcp.json, .vscode/mcp.json or ~/.config/mcptask/config.json (or set MCPTASK_SERVER).]:name:'
        '--config[A configuration file to look in first for -s NAME.]:file:'
        '--demo[Use mcptask'\''s built-in demo task server (runs '\''mcptask demo-server'\'' over stdio).]'
        '*'{-H,--header}'[Extra HTTP header '\''Name\: value'\'' (repeatable), e.g. for Authorization.]:header:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_mcptask_result() {
    local -i ret=1
    local -ar arg_specs=(
        '--json[Machine-readable output\: JSON on stdout (see each command).]'
        '(-v --verbose)'{-v,--verbose}'[Say more on stderr\: connection details and the server'\''s own stderr.]'
        '--timeout[Give up after this many seconds (exit 7); the task keeps running on the server.]:seconds:'
        '--protocol[Protocol generation\: auto (found once per server, then remembered), 2025-11-25 or 2026-07-28.]:version:'
        '--max-message-size[Largest message accepted from the server, in MiB.]:MiB:'
        '*:id:'
        '*--answer[Answer a form field up front, read like typed input (repeatable).]:key=value:'
        '--answers[Answers as a JSON object, from a file or - for stdin.]:file|-:'
        '--no-input[Never prompt; forms the answers do not complete are declined.]'
        '--decline-all[Decline every question the server asks.]'
        '--open-urls[Open URLs you consent to with $BROWSER.]'
        '--url[Streamable HTTP endpoint of the server (or set MCPTASK_URL).]:url:'
        '(-s --server)'{-s,--server}'[A server named in .mcp.json, .vscode/mcp.json or ~/.config/mcptask/config.json (or set MCPTASK_SERVER).]:name:'
        '--config[A configuration file to look in first for -s NAME.]:file:'
        '--demo[Use mcptask'\''s built-in demo task server (runs '\''mcptask demo-server'\'' over stdio).]'
        '*'{-H,--header}'[Extra HTTP header '\''Name\: value'\'' (repeatable), e.g. for Authorization.]:header:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_mcptask_list() {
    local -i ret=1
    local -ar arg_specs=(
        '--json[Machine-readable output\: JSON on stdout (see each command).]'
        '(-v --verbose)'{-v,--verbose}'[Say more on stderr\: connection details and the server'\''s own stderr.]'
        '--timeout[Give up after this many seconds (exit 7); the task keeps running on the server.]:seconds:'
        '--protocol[Protocol generation\: auto (found once per server, then remembered), 2025-11-25 or 2026-07-28.]:version:'
        '--max-message-size[Largest message accepted from the server, in MiB.]:MiB:'
        '--status[Only tasks in this state\: working, input_required, completed, failed or cancelled.]:status:'
        '--local[List the local registry only, offline (every server unless one is given).]'
        '--url[Streamable HTTP endpoint of the server (or set MCPTASK_URL).]:url:'
        '(-s --server)'{-s,--server}'[A server named in .mcp.json, .vscode/mcp.json or ~/.config/mcptask/config.json (or set MCPTASK_SERVER).]:name:'
        '--config[A configuration file to look in first for -s NAME.]:file:'
        '--demo[Use mcptask'\''s built-in demo task server (runs '\''mcptask demo-server'\'' over stdio).]'
        '*'{-H,--header}'[Extra HTTP header '\''Name\: value'\'' (repeatable), e.g. for Authorization.]:header:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_mcptask_cancel() {
    local -i ret=1
    local -ar arg_specs=(
        '--json[Machine-readable output\: JSON on stdout (see each command).]'
        '(-v --verbose)'{-v,--verbose}'[Say more on stderr\: connection details and the server'\''s own stderr.]'
        '--timeout[Give up after this many seconds (exit 7); the task keeps running on the server.]:seconds:'
        '--protocol[Protocol generation\: auto (found once per server, then remembered), 2025-11-25 or 2026-07-28.]:version:'
        '--max-message-size[Largest message accepted from the server, in MiB.]:MiB:'
        '*:id:'
        '--url[Streamable HTTP endpoint of the server (or set MCPTASK_URL).]:url:'
        '(-s --server)'{-s,--server}'[A server named in .mcp.json, .vscode/mcp.json or ~/.config/mcptask/config.json (or set MCPTASK_SERVER).]:name:'
        '--config[A configuration file to look in first for -s NAME.]:file:'
        '--demo[Use mcptask'\''s built-in demo task server (runs '\''mcptask demo-server'\'' over stdio).]'
        '*'{-H,--header}'[Extra HTTP header '\''Name\: value'\'' (repeatable), e.g. for Authorization.]:header:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_mcptask_servers() {
    local -i ret=1
    local -ar arg_specs=(
        '--config[A configuration file to read first.]:file:'
        '--json[One JSON object per server (secrets redacted).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_mcptask_session() {
    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'close:End the remembered session with a server (DELETE) and forget it.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        close)
            "_mcptask_session_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_mcptask_session_close() {
    local -i ret=1
    local -ar arg_specs=(
        '--json[Machine-readable output\: JSON on stdout (see each command).]'
        '(-v --verbose)'{-v,--verbose}'[Say more on stderr\: connection details and the server'\''s own stderr.]'
        '--timeout[Give up after this many seconds (exit 7); the task keeps running on the server.]:seconds:'
        '--protocol[Protocol generation\: auto (found once per server, then remembered), 2025-11-25 or 2026-07-28.]:version:'
        '--max-message-size[Largest message accepted from the server, in MiB.]:MiB:'
        '--url[Streamable HTTP endpoint of the server (or set MCPTASK_URL).]:url:'
        '(-s --server)'{-s,--server}'[A server named in .mcp.json, .vscode/mcp.json or ~/.config/mcptask/config.json (or set MCPTASK_SERVER).]:name:'
        '--config[A configuration file to look in first for -s NAME.]:file:'
        '--demo[Use mcptask'\''s built-in demo task server (runs '\''mcptask demo-server'\'' over stdio).]'
        '*'{-H,--header}'[Extra HTTP header '\''Name\: value'\'' (repeatable), e.g. for Authorization.]:header:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_mcptask_info() {
    local -i ret=1
    local -ar arg_specs=(
        '--json[Machine-readable output\: JSON on stdout (see each command).]'
        '(-v --verbose)'{-v,--verbose}'[Say more on stderr\: connection details and the server'\''s own stderr.]'
        '--timeout[Give up after this many seconds (exit 7); the task keeps running on the server.]:seconds:'
        '--protocol[Protocol generation\: auto (found once per server, then remembered), 2025-11-25 or 2026-07-28.]:version:'
        '--max-message-size[Largest message accepted from the server, in MiB.]:MiB:'
        '--url[Streamable HTTP endpoint of the server (or set MCPTASK_URL).]:url:'
        '(-s --server)'{-s,--server}'[A server named in .mcp.json, .vscode/mcp.json or ~/.config/mcptask/config.json (or set MCPTASK_SERVER).]:name:'
        '--config[A configuration file to look in first for -s NAME.]:file:'
        '--demo[Use mcptask'\''s built-in demo task server (runs '\''mcptask demo-server'\'' over stdio).]'
        '*'{-H,--header}'[Extra HTTP header '\''Name\: value'\'' (repeatable), e.g. for Authorization.]:header:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_mcptask_shell() {
    local -i ret=1
    local -ar arg_specs=(
        '--json[Machine-readable output\: JSON on stdout (see each command).]'
        '(-v --verbose)'{-v,--verbose}'[Say more on stderr\: connection details and the server'\''s own stderr.]'
        '--timeout[Give up after this many seconds (exit 7); the task keeps running on the server.]:seconds:'
        '--protocol[Protocol generation\: auto (found once per server, then remembered), 2025-11-25 or 2026-07-28.]:version:'
        '--max-message-size[Largest message accepted from the server, in MiB.]:MiB:'
        '--url[Streamable HTTP endpoint of the server (or set MCPTASK_URL).]:url:'
        '(-s --server)'{-s,--server}'[A server named in .mcp.json, .vscode/mcp.json or ~/.config/mcptask/config.json (or set MCPTASK_SERVER).]:name:'
        '--config[A configuration file to look in first for -s NAME.]:file:'
        '--demo[Use mcptask'\''s built-in demo task server (runs '\''mcptask demo-server'\'' over stdio).]'
        '*'{-H,--header}'[Extra HTTP header '\''Name\: value'\'' (repeatable), e.g. for Authorization.]:header:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_mcptask_demo-server() {
    local -i ret=1
    local -ar arg_specs=(
        '--http[Serve Streamable HTTP on HOST\:PORT (port 0 picks a free one) at /mcp.]:host\:port:'
        '--poll-interval[pollInterval suggested to clients, in ms.]:ms:'
        '--page-size[Tasks per tasks/list page.]:n:'
        '--max-ttl[Longest ttl granted, in ms (default 1 hour).]:ms:'
        '--shared-tasks[Let every HTTP session see every task (default\: tasks belong to the session that created them).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_mcptask_help() {
    local -i ret=1
    local -ar arg_specs=(
        '*:subcommands:'
        '--version[Show the version.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

if [[ "${funcstack[1]}" = _mcptask ]]; then
    _mcptask "${@}"
else
    compdef _mcptask mcptask
fi
