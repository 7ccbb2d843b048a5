"""The package's version, in one place (``jusolib.__version__`` hands it on).

Examples
--------
>>> VERSION.count(".")
2
"""

VERSION = "0.1.0"
