import PalisadeCLI

PalisadeCommand.run()
