"""The privacy-bot command line: bot.cli.main, one module per command group."""
