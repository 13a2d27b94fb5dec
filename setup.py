"""Ships the top-level metadata.yml and notes/ inside the kb package of a built wheel.

pyproject.toml holds all the project's configuration; this file only adds that copy, since
package data must live inside a package and these files belong at the top of the repository.
An editable install (pip install -e .) needs no copy: kb.bundled reads the checkout directly.
"""
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

BUNDLED = ["metadata.yml", "notes"]  # read at run time by kb/bundled.py


class build_py_with_bundle(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib) / "kb" / "_bundled"
        for name in BUNDLED:
            if Path(name).is_dir():
                self.copy_tree(name, str(target / name))
            elif Path(name).is_file():
                self.mkpath(str(target))
                self.copy_file(name, str(target / name))


setup(cmdclass={"build_py": build_py_with_bundle})
