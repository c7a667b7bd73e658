"""Where and how the records are kept on disk: the encrypted database, crash-safe
files, the data folder, the one-writer lock, and the backup and save folders."""
