# The miniature legacy emulator (issue 3).
