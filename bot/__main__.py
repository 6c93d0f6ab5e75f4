"""python -m bot: the privacy-bot command line."""

from bot.cli import main

raise SystemExit(main())
