"""python -m bot: the privacy-bot command line."""

from bot.cli.main import main

raise SystemExit(main())
