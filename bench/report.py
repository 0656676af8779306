#!/usr/bin/python3
"""Turns one run of the benchmarks (Google Benchmark's JSON and bench/memory.sh's lines) into
the tables of docs/benchmarks.md and its plot of cost against conference size.
    bench/report.py bench-out/bench.json bench-out/memory.txt REPORT.md PLOT.png \
        [BRIDGE.txt RECOVERY.txt REMOTE.txt ROUNDTRIP.txt]
Ratios are of figures measured in the same run."""
import json
import re
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def load(path):
    with open(path) as f:
        data = json.load(f)
    runs = [b for b in data["benchmarks"] if b.get("run_type", "iteration") == "iteration"]
    return data["context"], runs


def args_of(name):
    """'engine/languages:32/frames:32' -> ('engine', {'languages': 32, 'frames': 32})"""
    parts = name.split("/")
    args = {}
    for part in parts[1:]:
        m = re.fullmatch(r"(\w+):(\d+)", part)
        if m:
            args[m.group(1)] = int(m.group(2))
    return parts[0], args


def microseconds(run):
    scale = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}[run["time_unit"]]
    return run["real_time"] * scale


def block_tables(runs):
    cost = defaultdict(dict)  # (languages, frames) -> kind -> run
    for run in runs:
        kind, args = args_of(run["name"])
        if kind in ("engine", "bareFloor", "processorGraph", "denseMatrix"):
            cost[(args["languages"], args["frames"])][kind] = run
    lines = [
        "| languages | consoles | frames | engine µs | engine % of budget | bare floor µs "
        "| engine / floor | JUCE graph µs | graph / engine | dense matrix µs | matrix / engine |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for (languages, frames) in sorted(cost, key=lambda k: (k[1], k[0])):
        row = cost[(languages, frames)]
        engine = row["engine"]
        cells = [
            "summit" if languages == 0 else str(languages),
            f"{engine['consoles']:.0f}",
            str(frames),
            f"{engine['block_us']:.2f}",
            f"{engine['budget_pct']:.3f} %",
        ]
        if "bareFloor" in row:
            cells += [f"{row['bareFloor']['block_us']:.2f}",
                      f"**{engine['block_us'] / row['bareFloor']['block_us']:.2f}x**"]
        else:
            cells += ["", ""]
        for kind in ("processorGraph", "denseMatrix"):
            if kind in row:
                cells += [f"{row[kind]['block_us']:.2f}",
                          f"**{row[kind]['block_us'] / engine['block_us']:.1f}x**"]
            else:
                cells += ["", ""]
        lines.append("| " + " | ".join(cells) + " |")
    return cost, "\n".join(lines)


def live_table(runs):
    lines = ["| booths on air | µs per 32-frame block | % of budget |", "|---:|---:|---:|"]
    for run in runs:
        kind, args = args_of(run["name"])
        if kind == "engineLiveMics":
            lines.append(f"| {args['live']} | {run['block_us']:.2f} | {run['budget_pct']:.3f} % |")
    return "\n".join(lines)


def program_table(runs):
    lines = ["| program feeds | µs per 32-frame block | % of budget | µs per 256-frame block | % of budget |",
             "|---:|---:|---:|---:|---:|"]
    rows = {}
    for run in runs:
        kind, args = args_of(run["name"])
        if kind == "engineProgramFeeds":
            rows.setdefault(args["feeds"], {})[args["frames"]] = run
    for feeds, by_frames in sorted(rows.items()):
        cells = [f"{by_frames[f]['block_us']:.2f} | {by_frames[f]['budget_pct']:.3f} %"
                 for f in (32, 256) if f in by_frames]
        lines.append(f"| {feeds} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def tail_table(runs):
    lines = ["| session | frames | median | 99th | 99.9th | worst | 99.9th in µs "
             "| calls over the period | SCHED_FIFO |",
             "|---|---:|---:|---:|---:|---:|---:|---:|:---:|"]
    for run in runs:
        kind, args = args_of(run["name"])
        if kind == "callbackTail":
            session = "summit" if args["languages"] == 0 else f"{args['languages']} languages"
            lines.append(
                f"| {session} | {args['frames']} | {run['p50_pct']:.2f} % | "
                f"{run['p99_pct']:.2f} % | "
                f"**{run['p999_pct']:.2f} %** | {run['max_pct']:.1f} % | "
                f"{run['p999_us']:.0f} | "
                f"{run['over_period']:.0f} of {args['blocks']} | "
                f"{'yes' if run['sched_fifo'] else 'no'} |")
    return "\n".join(lines)


def opus_table(runs):
    names = {
        "recordingEncode": "recording, encode (libopusenc: 64 kbit/s VBR, 20 ms, complexity 10)",
        "recordingDecode": "recording, decode (opusfile, as a player)",
        "remoteEncode": "remote booth, encode (restricted low-delay, 2.5 ms, 64 kbit/s CBR, "
                        "complexity 10)",
        "remoteDecode": "remote booth, decode",
    }
    lines = ["| per channel | share of one core |", "|---|---:|"]
    for run in runs:
        kind, _ = args_of(run["name"])
        if kind in names:
            lines.append(f"| {names[kind]} | {run['core_pct']:.2f} % |")
    return "\n".join(lines)


def topology_table(runs):
    found = {}
    for run in runs:
        kind, args = args_of(run["name"])
        if kind in ("engineTopologyChange", "processorGraphTopologyChange"):
            found[(kind, args["adds_booth"])] = run
    lines = ["| change | engine: call to first block with it (mean / worst) | late blocks "
             "| JUCE graph rebuild (mean / worst) | graph / engine |",
             "|---|---:|---:|---:|---:|"]
    for booth, label in ((0, "add a language channel"), (1, "add a booth of two consoles")):
        engine = found.get(("engineTopologyChange", booth))
        graph = found.get(("processorGraphTopologyChange", booth))
        if engine is None:
            continue
        cells = [label, f"{microseconds(engine) / 1e3:.2f} / {engine['worst_ms']:.2f} ms",
                 f"{engine['late_blocks']:.0f}"]
        if graph is not None:
            cells += [f"{microseconds(graph) / 1e3:.1f} / {graph['worst_ms']:.1f} ms",
                      f"**{microseconds(graph) / microseconds(engine):.0f}x**"]
        else:
            cells += ["", ""]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def tagged_lines(path, tag):
    """The words of each line of `path` that starts with `tag`, and its key=value fields:
    'memory summit run_kib=1' -> (['memory', 'summit', 'run_kib=1'], {'run_kib': '1'})"""
    with open(path) as f:
        for line in f:
            words = line.split()
            if words and words[0] == tag:
                yield words, dict(w.split("=", 1) for w in words[1:] if "=" in w)


def memory_table(path):
    lines = ["| session | `dragoman run` | its device host: own | JACK's shared buffers |",
             "|---|---:|---:|---:|"]
    for words, values in tagged_lines(path, "memory"):
        lines.append(f"| {words[1]} | {int(values['run_kib']) / 1024:.1f} MiB | "
                     f"{int(values['device_host_own_kib']) / 1024:.1f} MiB | "
                     f"{int(values['device_host_shared_kib']) / 1024:.1f} MiB |")
    return "\n".join(lines)


def bridge_table(path):
    lines = ["| frames | block period | crossing: median | 99.9th | worst | median, % of the period "
             "| of it the engine thread's wake-up | render | late blocks |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for _, v in tagged_lines(path, "bridge"):
        period = float(v["period_us"])
        lines.append(
            f"| {v['frames']} | {period:.0f} µs | **{float(v['median_us']):.1f} µs** | "
            f"{float(v['p999_us']):.0f} µs | {float(v['worst_us']):.0f} µs | "
            f"{100 * float(v['median_us']) / period:.1f} % | {float(v['wake_us']):.1f} µs | "
            f"{float(v['render_us']):.1f} µs | {v['late']} of {v['blocks']} |")
    return "\n".join(lines)


def roundtrip_table(path):
    lines = ["| period | impulses | JACK's own loop | through Dragoman (floor in, channel out) "
             "| added | spread |", "|---:|---:|---:|---:|---:|---:|"]
    for _, v in tagged_lines(path, "roundtrip"):
        lines.append(f"| {v['frames']} frames | {v['impulses']} | {v['reference']} samples | "
                     f"{v['dragoman']} samples | **{v['added']} samples** | {v['spread']} |")
    return "\n".join(lines)


def recovery_table(path):
    lines = ["| restarts | back after the server is up: median | best | worst |",
             "|---:|---:|---:|---:|"]
    for _, v in tagged_lines(path, "recovery"):
        lines.append(f"| {v['restarts']} | **{v['median_s']} s** | {v['best_s']} s | "
                     f"{v['worst_s']} s |")
    return "\n".join(lines)


def remote_table(path):
    lines = ["| device block | floor → console's ears: median (least - most) "
             "| console's mic → channel: median (least - most) |", "|---|---|---|"]
    block, paths = None, {}
    with open(path) as f:
        for line in f:
            header = re.match(r"remote path, block (\d+) frames \(([\d.]+) ms\)", line)
            if header:
                block, paths = header.group(1) + f" frames ({header.group(2)} ms)", {}
                continue
            m = re.match(r"(floor -> console's ears|console's mic -> channel)\s+median\s+([\d.]+)"
                         r" ms\s+min\s+([\d.]+)\s+max\s+([\d.]+)", line)
            if m and block:
                paths[m.group(1)] = f"**{m.group(2)} ms** ({m.group(3)} - {m.group(4)})"
                if len(paths) == 2:
                    ears = paths["floor -> console's ears"]
                    mic = paths["console's mic -> channel"]
                    lines.append(f"| {block} | {ears} | {mic} |")
    return "\n".join(lines)


def plot(cost, path):
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    styles = {"engine": ("Dragoman engine", "tab:blue", "o"),
              "bareFloor": ("bare floor (the same work, no routing)", "tab:green", "v"),
              "processorGraph": ("JUCE AudioProcessorGraph", "tab:orange", "s"),
              "denseMatrix": ("dense mixing matrix", "tab:gray", "^")}
    for kind, (label, colour, marker) in styles.items():
        points = sorted((l, row[kind]["block_us"]) for (l, f), row in cost.items()
                        if f == 32 and l > 0 and kind in row)
        if points:
            left.plot(*zip(*points), label=label, color=colour, marker=marker)
    left.set_title("One 32-frame block (budget 667 µs)")
    left.set_xlabel("languages (booths of 2 consoles each)")
    left.set_ylabel("µs per block, one core")
    left.grid(alpha=0.3)
    left.legend()
    for frames, colour in ((16, "tab:red"), (32, "tab:blue"), (64, "tab:green"),
                           (256, "tab:purple")):
        points = sorted((l, row["engine"]["budget_pct"]) for (l, f), row in cost.items()
                        if f == frames and l > 0 and "engine" in row)
        if points:
            right.plot(*zip(*points), label=f"{frames}-frame blocks", color=colour, marker="o")
    right.set_title("Dragoman engine: share of the real-time budget")
    right.set_xlabel("languages (booths of 2 consoles each)")
    right.set_ylabel("% of one core")
    right.set_ylim(bottom=0)
    right.grid(alpha=0.3)
    right.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)


def main():
    bench_json, memory_txt, report_md, plot_png = sys.argv[1:5]
    bridge_txt, recovery_txt, remote_txt, roundtrip_txt = (sys.argv[5:9] + [None] * 4)[:4]
    context, runs = load(bench_json)
    cost, blocks = block_tables(runs)
    sections = [
        f"Run on {context['host_name']}, {context['num_cpus']} CPUs at "
        f"{context['mhz_per_cpu']} MHz, {context['date']}.",
        "### Cost per block\n\n" + blocks,
        "### Live routes\n\n" + live_table(runs),
        "### Program feeds (the summit, two booths on air)\n\n" + program_table(runs),
        "### The callback's tail (paced blocks)\n\n" + tail_table(runs),
        "### Opus\n\n" + opus_table(runs),
        "### Live topology changes (largest conference, 32-frame blocks)\n\n"
        + topology_table(runs),
        "### Resident memory\n\n" + memory_table(memory_txt),
    ]
    if bridge_txt:
        sections.append("### The device bridge's crossing (JACK dummy driver)\n\n"
                        + bridge_table(bridge_txt))
    if roundtrip_txt:
        sections.append("### Device round trip through `dragoman run` (JACK dummy driver)\n\n"
                        + roundtrip_table(roundtrip_txt))
    if recovery_txt:
        sections.append("### Back after a JACK restart\n\n" + recovery_table(recovery_txt))
    if remote_txt:
        sections.append("### Remote console, added latency (2.5 ms Opus frames)\n\n"
                        + remote_table(remote_txt))
    with open(report_md, "w") as f:
        f.write("\n\n".join(sections) + "\n")
    plot(cost, plot_png)


if __name__ == "__main__":
    main()
