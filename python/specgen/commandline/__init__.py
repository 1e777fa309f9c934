"""Command-line plumbing every specgen command shares.

- `exits`: the exit codes (0 done, 1 problems found, 2 bad input, 70 internal error);
- `options`: options several commands take the same way (``--format``);
- `paths`: a path as the user should see it;
- `progress`: a progress line on a terminal for work over a whole command tree.

Kept apart from ``specgen.cli`` so that a command's own modules do not import the CLI
module (which imports them to register their commands), and light, so that
``specgen --help`` stays fast.
"""
