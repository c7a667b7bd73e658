"""Keys and passwords: the wrapped database key, the password rule, and the wait
after repeated wrong passwords."""
