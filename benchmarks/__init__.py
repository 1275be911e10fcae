"""lfrwatch's benchmarks: `python -m benchmarks` (or `make bench`).

Each measurement builds what it needs from a deterministic synthetic corpus
(:mod:`benchmarks.corpus`), runs lfrwatch's own code and a bare baseline on
the same input in the same run, and returns rows for one printed table.
Figures from one run are comparable with each other (ratios); absolute
figures depend on the machine and on whatever else it is doing.
"""
