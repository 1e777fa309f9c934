"""Hand-written TypeScript command files, read.

- `parser`: the tree-sitter TypeScript parser, positions and syntax problems;
- `extract`: one parsed file -> a `model.TsFile` of what it declares and calls;
- `comments` and `typetext`: comments as descriptions, type nodes as spec types;
- `pairs`: which interfaces of a Types file are its Params and Result.

reverse (command -> spec), audit, enforce, adopt and migrate all read files through
here. Nothing is imported at package load: the parser costs ``specgen --help`` time.
"""
