function __mcptask_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __mcptask_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __mcptask_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __mcptask_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __mcptask_parse_tokens -S
    set -l unparsed_tokens (__mcptask_tokens -pc)
    switch $unparsed_tokens[1]
    case 'mcptask'
        __mcptask_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'tools'
            __mcptask_parse_subcommand 0 'json' 'v/verbose' 'timeout=' 'protocol=' 'max-message-size=' 'url=' 's/server=' 'config=' 'demo' 'H/header=+' 'version' 'h/help'
        case 'call'
            __mcptask_parse_subcommand -r 2 'json' 'v/verbose' 'timeout=' 'protocol=' 'max-message-size=' 'args=' 'ttl=' 'no-task' 'detach' 'cancel-on-interrupt' 'answer=+' 'answers=' 'no-input' 'decline-all' 'open-urls' 'url=' 's/server=' 'config=' 'demo' 'H/header=+' 'version' 'h/help'
        case 'get'
            __mcptask_parse_subcommand -r 1 'json' 'v/verbose' 'timeout=' 'protocol=' 'max-message-size=' 'url=' 's/server=' 'config=' 'demo' 'H/header=+' 'version' 'h/help'
        case 'result'
            __mcptask_parse_subcommand -r 1 'json' 'v/verbose' 'timeout=' 'protocol=' 'max-message-size=' 'answer=+' 'answers=' 'no-input' 'decline-all' 'open-urls' 'url=' 's/server=' 'config=' 'demo' 'H/header=+' 'version' 'h/help'
        case 'list'
            __mcptask_parse_subcommand 0 'json' 'v/verbose' 'timeout=' 'protocol=' 'max-message-size=' 'status=' 'local' 'url=' 's/server=' 'config=' 'demo' 'H/header=+' 'version' 'h/help'
        case 'cancel'
            __mcptask_parse_subcommand -r 1 'json' 'v/verbose' 'timeout=' 'protocol=' 'max-message-size=' 'url=' 's/server=' 'config=' 'demo' 'H/header=+' 'version' 'h/help'
        case 'servers'
            __mcptask_parse_subcommand 0 'config=' 'json' 'version' 'h/help'
        case 'session'
            __mcptask_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'close'
                __mcptask_parse_subcommand 0 'json' 'v/verbose' 'timeout=' 'protocol=' 'max-message-size=' 'url=' 's/server=' 'config=' 'demo' 'H/header=+' 'version' 'h/help'
            end
        case 'info'
            __mcptask_parse_subcommand 0 'json' 'v/verbose' 'timeout=' 'protocol=' 'max-message-size=' 'url=' 's/server=' 'config=' 'demo' 'H/header=+' 'version' 'h/help'
        case 'shell'
            __mcptask_parse_subcommand 0 'json' 'v/verbose' 'timeout=' 'protocol=' 'max-message-size=' 'url=' 's/server=' 'config=' 'demo' 'H/header=+' 'version' 'h/help'
        case 'demo-server'
            __mcptask_parse_subcommand 0 'http=' 'poll-interval=' 'page-size=' 'max-ttl=' 'shared-tasks' 'version' 'h/help'
        case 'help'
            __mcptask_parse_subcommand -r 1 'version'
        end
    end
end

function __mcptask_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __mcptask_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __mcptask_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __mcptask_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__mcptask_tokens -p)
    if test -z "$(__mcptask_tokens -t)"
        set -l index (count (__mcptask_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'mcptask' -f
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask" version' -l 'version' -d 'Show the version.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_positional "mcptask" -eq 1' -fa 'tools' -d 'List the server\'s tools and whether each can run as a task.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_positional "mcptask" -eq 1' -fa 'call' -d 'Call a tool, as a task when it supports one, and print its result.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_positional "mcptask" -eq 1' -fa 'get' -d 'Show the current state of tasks by id.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_positional "mcptask" -eq 1' -fa 'result' -d 'Wait for a task to finish and print its result.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_positional "mcptask" -eq 1' -fa 'list' -d 'List tasks: the server\'s, every page, joined with the local task registry.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_positional "mcptask" -eq 1' -fa 'cancel' -d 'Cancel tasks by id.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_positional "mcptask" -eq 1' -fa 'servers' -d 'List the servers named in configuration files.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_positional "mcptask" -eq 1' -fa 'session' -d 'Manage the HTTP sessions mcptask remembers between commands.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_positional "mcptask" -eq 1' -fa 'info' -d 'Show what the server is: name, version, protocol generation, capabilities and task support.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_positional "mcptask" -eq 1' -fa 'shell' -d 'An interactive session on one connection: start tasks in the background, answer their questions.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_positional "mcptask" -eq 1' -fa 'demo-server' -d 'Run mcptask\'s built-in demo MCP task server (stdio by default, or Streamable HTTP).'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_positional "mcptask" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask tools" json' -l 'json' -d 'Machine-readable output: JSON on stdout (see each command).'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask tools" v verbose' -s 'v' -l 'verbose' -d 'Say more on stderr: connection details and the server\'s own stderr.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask tools" timeout' -l 'timeout' -d 'Give up after this many seconds (exit 7); the task keeps running on the server.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask tools" protocol' -l 'protocol' -d 'Protocol generation: auto (found once per server, then remembered), 2025-11-25 or 2026-07-28.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask tools" max-message-size' -l 'max-message-size' -d 'Largest message accepted from the server, in MiB.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask tools" url' -l 'url' -d 'Streamable HTTP endpoint of the server (or set MCPTASK_URL).' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask tools" s server' -s 's' -l 'server' -d 'A server named in .mcp.json, .vscode/mcp.json or ~/.config/mcptask/config.json (or set MCPTASK_SERVER).' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask tools" config' -l 'config' -d 'A configuration file to look in first for -s NAME.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask tools" demo' -l 'demo' -d 'Use mcptask\'s built-in demo task server (runs \'mcptask demo-server\' over stdio).'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask tools"' -s 'H' -l 'header' -d 'Extra HTTP header \'Name: value\' (repeatable), e.g. for Authorization.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask tools" version' -l 'version' -d 'Show the version.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask tools" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask call" json' -l 'json' -d 'Machine-readable output: JSON on stdout (see each command).'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask call" v verbose' -s 'v' -l 'verbose' -d 'Say more on stderr: connection details and the server\'s own stderr.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask call" timeout' -l 'timeout' -d 'Give up after this many seconds (exit 7); the task keeps running on the server.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask call" protocol' -l 'protocol' -d 'Protocol generation: auto (found once per server, then remembered), 2025-11-25 or 2026-07-28.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask call" max-message-size' -l 'max-message-size' -d 'Largest message accepted from the server, in MiB.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask call" args' -l 'args' -d 'Base arguments as a JSON object, @FILE, or - for stdin.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask call" ttl' -l 'ttl' -d 'Ask the server to keep the task this many milliseconds.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask call" no-task' -l 'no-task' -d 'Call a task-optional tool plainly, without a task.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask call" detach' -l 'detach' -d 'Start the task, print its id, and exit without waiting.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask call" cancel-on-interrupt' -l 'cancel-on-interrupt' -d 'On Ctrl-C, cancel the task on the server before exiting.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask call"' -l 'answer' -d 'Answer a form field up front, read like typed input (repeatable).' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask call" answers' -l 'answers' -d 'Answers as a JSON object, from a file or - for stdin.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask call" no-input' -l 'no-input' -d 'Never prompt; forms the answers do not complete are declined.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask call" decline-all' -l 'decline-all' -d 'Decline every question the server asks.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask call" open-urls' -l 'open-urls' -d 'Open URLs you consent to with $BROWSER.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask call" url' -l 'url' -d 'Streamable HTTP endpoint of the server (or set MCPTASK_URL).' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask call" s server' -s 's' -l 'server' -d 'A server named in .mcp.json, .vscode/mcp.json or ~/.config/mcptask/config.json (or set MCPTASK_SERVER).' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask call" config' -l 'config' -d 'A configuration file to look in first for -s NAME.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask call" demo' -l 'demo' -d 'Use mcptask\'s built-in demo task server (runs \'mcptask demo-server\' over stdio).'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask call"' -s 'H' -l 'header' -d 'Extra HTTP header \'Name: value\' (repeatable), e.g. for Authorization.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask call" version' -l 'version' -d 'Show the version.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask call" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask get" json' -l 'json' -d 'Machine-readable output: JSON on stdout (see each command).'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask get" v verbose' -s 'v' -l 'verbose' -d 'Say more on stderr: connection details and the server\'s own stderr.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask get" timeout' -l 'timeout' -d 'Give up after this many seconds (exit 7); the task keeps running on the server.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask get" protocol' -l 'protocol' -d 'Protocol generation: auto (found once per server, then remembered), 2025-11-25 or 2026-07-28.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask get" max-message-size' -l 'max-message-size' -d 'Largest message accepted from the server, in MiB.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask get" url' -l 'url' -d 'Streamable HTTP endpoint of the server (or set MCPTASK_URL).' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask get" s server' -s 's' -l 'server' -d 'A server named in .mcp.json, .vscode/mcp.json or ~/.config/mcptask/config.json (or set MCPTASK_SERVER).' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask get" config' -l 'config' -d 'A configuration file to look in first for -s NAME.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask get" demo' -l 'demo' -d 'Use mcptask\'s built-in demo task server (runs \'mcptask demo-server\' over stdio).'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask get"' -s 'H' -l 'header' -d 'Extra HTTP header \'Name: value\' (repeatable), e.g. for Authorization.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask get" version' -l 'version' -d 'Show the version.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask get" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask result" json' -l 'json' -d 'Machine-readable output: JSON on stdout (see each command).'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask result" v verbose' -s 'v' -l 'verbose' -d 'Say more on stderr: connection details and the server\'s own stderr.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask result" timeout' -l 'timeout' -d 'Give up after this many seconds (exit 7); the task keeps running on the server.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask result" protocol' -l 'protocol' -d 'Protocol generation: auto (found once per server, then remembered), 2025-11-25 or 2026-07-28.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask result" max-message-size' -l 'max-message-size' -d 'Largest message accepted from the server, in MiB.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask result"' -l 'answer' -d 'Answer a form field up front, read like typed input (repeatable).' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask result" answers' -l 'answers' -d 'Answers as a JSON object, from a file or - for stdin.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask result" no-input' -l 'no-input' -d 'Never prompt; forms the answers do not complete are declined.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask result" decline-all' -l 'decline-all' -d 'Decline every question the server asks.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask result" open-urls' -l 'open-urls' -d 'Open URLs you consent to with $BROWSER.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask result" url' -l 'url' -d 'Streamable HTTP endpoint of the server (or set MCPTASK_URL).' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask result" s server' -s 's' -l 'server' -d 'A server named in .mcp.json, .vscode/mcp.json or ~/.config/mcptask/config.json (or set MCPTASK_SERVER).' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask result" config' -l 'config' -d 'A configuration file to look in first for -s NAME.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask result" demo' -l 'demo' -d 'Use mcptask\'s built-in demo task server (runs \'mcptask demo-server\' over stdio).'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask result"' -s 'H' -l 'header' -d 'Extra HTTP header \'Name: value\' (repeatable), e.g. for Authorization.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask result" version' -l 'version' -d 'Show the version.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask result" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask list" json' -l 'json' -d 'Machine-readable output: JSON on stdout (see each command).'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask list" v verbose' -s 'v' -l 'verbose' -d 'Say more on stderr: connection details and the server\'s own stderr.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask list" timeout' -l 'timeout' -d 'Give up after this many seconds (exit 7); the task keeps running on the server.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask list" protocol' -l 'protocol' -d 'Protocol generation: auto (found once per server, then remembered), 2025-11-25 or 2026-07-28.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask list" max-message-size' -l 'max-message-size' -d 'Largest message accepted from the server, in MiB.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask list" status' -l 'status' -d 'Only tasks in this state: working, input_required, completed, failed or cancelled.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask list" local' -l 'local' -d 'List the local registry only, offline (every server unless one is given).'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask list" url' -l 'url' -d 'Streamable HTTP endpoint of the server (or set MCPTASK_URL).' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask list" s server' -s 's' -l 'server' -d 'A server named in .mcp.json, .vscode/mcp.json or ~/.config/mcptask/config.json (or set MCPTASK_SERVER).' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask list" config' -l 'config' -d 'A configuration file to look in first for -s NAME.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask list" demo' -l 'demo' -d 'Use mcptask\'s built-in demo task server (runs \'mcptask demo-server\' over stdio).'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask list"' -s 'H' -l 'header' -d 'Extra HTTP header \'Name: value\' (repeatable), e.g. for Authorization.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask list" version' -l 'version' -d 'Show the version.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask cancel" json' -l 'json' -d 'Machine-readable output: JSON on stdout (see each command).'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask cancel" v verbose' -s 'v' -l 'verbose' -d 'Say more on stderr: connection details and the server\'s own stderr.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask cancel" timeout' -l 'timeout' -d 'Give up after this many seconds (exit 7); the task keeps running on the server.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask cancel" protocol' -l 'protocol' -d 'Protocol generation: auto (found once per server, then remembered), 2025-11-25 or 2026-07-28.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask cancel" max-message-size' -l 'max-message-size' -d 'Largest message accepted from the server, in MiB.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask cancel" url' -l 'url' -d 'Streamable HTTP endpoint of the server (or set MCPTASK_URL).' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask cancel" s server' -s 's' -l 'server' -d 'A server named in .mcp.json, .vscode/mcp.json or ~/.config/mcptask/config.json (or set MCPTASK_SERVER).' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask cancel" config' -l 'config' -d 'A configuration file to look in first for -s NAME.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask cancel" demo' -l 'demo' -d 'Use mcptask\'s built-in demo task server (runs \'mcptask demo-server\' over stdio).'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask cancel"' -s 'H' -l 'header' -d 'Extra HTTP header \'Name: value\' (repeatable), e.g. for Authorization.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask cancel" version' -l 'version' -d 'Show the version.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask cancel" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask servers" config' -l 'config' -d 'A configuration file to read first.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask servers" json' -l 'json' -d 'One JSON object per server (secrets redacted).'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask servers" version' -l 'version' -d 'Show the version.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask servers" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask session" version' -l 'version' -d 'Show the version.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask session" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_positional "mcptask session" -eq 1' -fa 'close' -d 'End the remembered session with a server (DELETE) and forget it.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask session close" json' -l 'json' -d 'Machine-readable output: JSON on stdout (see each command).'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask session close" v verbose' -s 'v' -l 'verbose' -d 'Say more on stderr: connection details and the server\'s own stderr.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask session close" timeout' -l 'timeout' -d 'Give up after this many seconds (exit 7); the task keeps running on the server.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask session close" protocol' -l 'protocol' -d 'Protocol generation: auto (found once per server, then remembered), 2025-11-25 or 2026-07-28.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask session close" max-message-size' -l 'max-message-size' -d 'Largest message accepted from the server, in MiB.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask session close" url' -l 'url' -d 'Streamable HTTP endpoint of the server (or set MCPTASK_URL).' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask session close" s server' -s 's' -l 'server' -d 'A server named in .mcp.json, .vscode/mcp.json or ~/.config/mcptask/config.json (or set MCPTASK_SERVER).' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask session close" config' -l 'config' -d 'A configuration file to look in first for -s NAME.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask session close" demo' -l 'demo' -d 'Use mcptask\'s built-in demo task server (runs \'mcptask demo-server\' over stdio).'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask session close"' -s 'H' -l 'header' -d 'Extra HTTP header \'Name: value\' (repeatable), e.g. for Authorization.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask session close" version' -l 'version' -d 'Show the version.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask session close" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask info" json' -l 'json' -d 'Machine-readable output: JSON on stdout (see each command).'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask info" v verbose' -s 'v' -l 'verbose' -d 'Say more on stderr: connection details and the server\'s own stderr.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask info" timeout' -l 'timeout' -d 'Give up after this many seconds (exit 7); the task keeps running on the server.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask info" protocol' -l 'protocol' -d 'Protocol generation: auto (found once per server, then remembered), 2025-11-25 or 2026-07-28.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask info" max-message-size' -l 'max-message-size' -d 'Largest message accepted from the server, in MiB.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask info" url' -l 'url' -d 'Streamable HTTP endpoint of the server (or set MCPTASK_URL).' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask info" s server' -s 's' -l 'server' -d 'A server named in .mcp.json, .vscode/mcp.json or ~/.config/mcptask/config.json (or set MCPTASK_SERVER).' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask info" config' -l 'config' -d 'A configuration file to look in first for -s NAME.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask info" demo' -l 'demo' -d 'Use mcptask\'s built-in demo task server (runs \'mcptask demo-server\' over stdio).'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask info"' -s 'H' -l 'header' -d 'Extra HTTP header \'Name: value\' (repeatable), e.g. for Authorization.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask info" version' -l 'version' -d 'Show the version.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask info" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask shell" json' -l 'json' -d 'Machine-readable output: JSON on stdout (see each command).'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask shell" v verbose' -s 'v' -l 'verbose' -d 'Say more on stderr: connection details and the server\'s own stderr.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask shell" timeout' -l 'timeout' -d 'Give up after this many seconds (exit 7); the task keeps running on the server.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask shell" protocol' -l 'protocol' -d 'Protocol generation: auto (found once per server, then remembered), 2025-11-25 or 2026-07-28.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask shell" max-message-size' -l 'max-message-size' -d 'Largest message accepted from the server, in MiB.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask shell" url' -l 'url' -d 'Streamable HTTP endpoint of the server (or set MCPTASK_URL).' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask shell" s server' -s 's' -l 'server' -d 'A server named in .mcp.json, .vscode/mcp.json or ~/.config/mcptask/config.json (or set MCPTASK_SERVER).' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask shell" config' -l 'config' -d 'A configuration file to look in first for -s NAME.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask shell" demo' -l 'demo' -d 'Use mcptask\'s built-in demo task server (runs \'mcptask demo-server\' over stdio).'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask shell"' -s 'H' -l 'header' -d 'Extra HTTP header \'Name: value\' (repeatable), e.g. for Authorization.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask shell" version' -l 'version' -d 'Show the version.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask shell" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask demo-server" http' -l 'http' -d 'Serve Streamable HTTP on HOST:PORT (port 0 picks a free one) at /mcp.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask demo-server" poll-interval' -l 'poll-interval' -d 'pollInterval suggested to clients, in ms.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask demo-server" page-size' -l 'page-size' -d 'Tasks per tasks/list page.' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask demo-server" max-ttl' -l 'max-ttl' -d 'Longest ttl granted, in ms (default 1 hour).' -rfka ''
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask demo-server" shared-tasks' -l 'shared-tasks' -d 'Let every HTTP session see every task (default: tasks belong to the session that created them).'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask demo-server" version' -l 'version' -d 'Show the version.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask demo-server" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'mcptask' -n '__mcptask_should_offer_completions_for_flags_or_options "mcptask help" version' -l 'version' -d 'Show the version.'
