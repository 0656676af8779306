#!/usr/bin/env python3
"""Checks that engine/ folders include one way, down the layer order below (the order the
libraries in engine/CMakeLists.txt link in and docs/architecture.md draws): a file may include
its own folder and folders of lower layers, never a folder of its own layer or above. So no
include cycle between folders can form. Prints each include against the order with its file
and line, and exits 1 if there is any."""
import pathlib
import re
import sys

# Lowest first. "engine" is engine/ itself: the Engine facade and its status.
LAYERS = [
    ["base"],
    ["dsp", "rtp", "net", "files", "control"],
    ["session", "janus"],
    ["graph"],
    ["engine"],
    ["record", "render", "device"],
    ["stream", "remotebooth", "weblisten", "meeting"],
    ["surfaces"],
    ["headless"],
]
LAYER_OF = {folder: index for index, folders in enumerate(LAYERS) for folder in folders}
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')


def folder_of(engine: pathlib.Path, path: pathlib.Path) -> str:
    parts = path.relative_to(engine).parts
    return parts[0] if len(parts) > 1 else "engine"


def included_folder(engine: pathlib.Path, source: pathlib.Path, text: str):
    """The engine folder an include names, or None for anything outside engine/."""
    beside = source.parent / text
    if beside.is_file():
        return folder_of(engine, beside.resolve())
    rooted = engine / text
    if rooted.is_file():
        return folder_of(engine, rooted)
    return None


def main() -> int:
    root = pathlib.Path(__file__).resolve().parent.parent
    engine = root / "engine"
    problems = []
    for source in sorted(engine.rglob("*")):
        if source.suffix not in (".h", ".cpp"):
            continue
        folder = folder_of(engine, source)
        if folder not in LAYER_OF:
            problems.append(f"{source.relative_to(root)}: folder {folder}/ is in no layer "
                            "(add it to scripts/check-layers.py)")
            continue
        for number, line in enumerate(source.read_text().splitlines(), 1):
            match = INCLUDE.match(line)
            if not match:
                continue
            target = included_folder(engine, source, match.group(1))
            if target is None or target == folder:
                continue
            if target not in LAYER_OF:
                problems.append(f"{source.relative_to(root)}:{number}: includes {target}/, "
                                "which is in no layer")
            elif LAYER_OF[target] >= LAYER_OF[folder]:
                problems.append(
                    f"{source.relative_to(root)}:{number}: {folder}/ (layer {LAYER_OF[folder]}) "
                    f"includes {match.group(1)} from {target}/ (layer {LAYER_OF[target]}): "
                    "only lower layers may be included")
    for problem in problems:
        print(problem)
    if problems:
        print(f"check-layers: {len(problems)} include(s) against the layer order")
        return 1
    print(f"check-layers: engine/ includes run one way through {len(LAYERS)} layers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
