# Device descriptor tables and their interpreter (issue 4).
