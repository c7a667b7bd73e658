"""What IT staff can read when something goes wrong, never holding child data."""
