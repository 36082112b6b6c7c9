import ArgumentParser

/// `help` inside `mcptask shell`.
enum ShellHelp {
    /// The overview (`help`), naming the server the shell is connected to.
    static func overview(server: String) -> String {
        """
        Commands (mcptask's own, on this shell's one connection to \(server)):
          tools                           list the server's tools
          call TOOL [KEY=VALUE ...]       start a tool as a task in the background; --wait waits for its result
          get ID...                       show the current state of tasks
          result ID                       wait for a task and print its result (again, once it has ended)
          list [--status S] [--local]     list the server's tasks, with the tool that started each
          cancel ID...                    cancel tasks
          help [COMMAND]                  this overview, or a command's options
          exit                            leave the shell (Ctrl-D does too)

        Options are the command line's (--json, --timeout, --ttl, ...); server selection is not: the shell stays
        connected to one server. Background tasks report status changes and results above the prompt, and their
        questions are asked here when they come. Tab completes commands, tools, argument names and task ids;
        Up recalls earlier commands (kept across runs); Ctrl-C clears the line, or stops waiting.

        """
    }

    /// `help COMMAND`: the command's own help, with what differs in the shell; nil for an unknown command.
    static func command(_ name: String, columns: Int?) -> String? {
        let text: String
        switch name {
        case "tools": text = ToolsCommand.helpMessage(columns: columns)
        case "call":
            text = CallCommand.helpMessage(columns: columns) + """

            IN THE SHELL
              The task runs in the background and the prompt returns at once; --wait waits for the result
              instead (Ctrl-C sends the task back to the background). A plain call (no task) always waits.
              Questions are asked at the prompt: --answer, --answers, --no-input, --decline-all and
              --open-urls do not apply. --args - is not available (stdin is the shell's).

            """
        case "get": text = GetCommand.helpMessage(columns: columns)
        case "result": text = ResultCommand.helpMessage(columns: columns)
        case "list": text = ListCommand.helpMessage(columns: columns)
        case "cancel": text = CancelCommand.helpMessage(columns: columns)
        case "help": text = "help [COMMAND]: the shell's commands, or one command's options.\n"
        case "exit", "quit": text = "exit: leave the shell, asking first when tasks still run on a stdio server.\n"
        default: return nil
        }
        return text.hasSuffix("\n") ? text : text + "\n"
    }
}
