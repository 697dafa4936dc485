"""`python -m service` is the `datasvc` command."""

from service.cli import main

raise SystemExit(main())
