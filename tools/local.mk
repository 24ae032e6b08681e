# svtool: dump, convert, diff, check, descriptors (issue 6).
