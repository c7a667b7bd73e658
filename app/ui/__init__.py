"""The Qt widgets user interface. Only this package imports Qt."""
