"""Child scripts that tests run in a subprocess."""
