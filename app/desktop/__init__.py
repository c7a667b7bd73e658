"""The laptop around Casebook: system libraries Qt needs, printers that write
files, and telling the Windows installer that Casebook is running."""
