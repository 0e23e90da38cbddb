"""Builds wikiconv._wikiconv with the repository's own CMake build (the same flags and libraries
as the CLI), then packages it with the pure-Python files of python/wikiconv."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def project_version() -> str:
    text = (REPO / "CMakeLists.txt").read_text()
    match = re.search(r"project\(wikiconv\s+VERSION\s+([0-9.]+)", text)
    return match.group(1) if match else "0.0.0"


class CMakeBuild(build_ext):
    """Configures the repository with CMake and builds only the Python module's target."""

    def build_extension(self, ext: Extension) -> None:
        if not (REPO / "libwikiconv").is_dir():
            raise RuntimeError(f"{REPO}: not the wikiconv repository (pip install ./python from a clone)")
        build_dir = Path(self.build_temp).resolve() / "cmake"
        build_dir.mkdir(parents=True, exist_ok=True)
        cmake = shutil.which("cmake")
        if not cmake:
            raise RuntimeError("cmake is not installed (scripts/install-deps installs it)")
        subprocess.run([cmake, "-S", str(REPO), "-B", str(build_dir),
                        "-DCMAKE_BUILD_TYPE=Release",
                        "-DWIKICONV_BUILD_TESTS=OFF",
                        "-DWIKICONV_BUILD_PYTHON=ON",
                        f"-DWIKICONV_PYTHON={sys.executable}"], check=True)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 1)
        subprocess.run([cmake, "--build", str(build_dir), "--target", "_wikiconv", "-j", jobs], check=True)
        built = sorted((build_dir / "python" / "wikiconv").glob("_wikiconv*.so"))
        if not built:
            raise RuntimeError("the CMake build did not produce _wikiconv*.so")
        target = Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built[-1], target)


setup(
    version=project_version(),
    ext_modules=[Extension("wikiconv._wikiconv", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
)
