"""Developer tools: run from the repository, never part of the installed program."""
