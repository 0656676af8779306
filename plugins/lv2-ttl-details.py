#!/usr/bin/env python3
"""Adds to the LV2 description JUCE 7.0.5 writes (dsp.ttl) what its generator leaves out:
audio ports named after their buses (it names them "Audio In 1"... though each port already
sits in a group named after its bus) and dB units on the gain parameters. Run after JUCE's own
step at every build of the LV2 bundle; idempotent. Usage: lv2-ttl-details.py BUNDLE/dsp.ttl"""
import re
import sys

GAIN_PARAMETERS = ("Volume", "Bass", "Treble", "Sidetone")


def main(path):
    with open(path, encoding="utf-8") as f:
        ttl = f.read()
    # Group IRI -> the bus name JUCE gave it.
    groups = dict(re.findall(r'\n(plug:(?:input|output)_group_\d+)\n\ta pg:\w+Group ;\n'
                             r'\tlv2:name "([^"]*)"', ttl))
    port = re.compile(r'lv2:name "Audio (?:In|Out) \d+" ;\n(\t+)pg:group (plug:\w+) ;')
    members = {}
    for _, group in port.findall(ttl):
        members[group] = members.get(group, 0) + 1
    seen = {}

    def rename(match):
        indent, group = match.group(1), match.group(2)
        name = groups.get(group)
        if name is None:
            return match.group(0)
        seen[group] = seen.get(group, 0) + 1
        if members[group] > 1:
            name = f"{name} {seen[group]}"
        return f'lv2:name "{name}" ;\n{indent}pg:group {group} ;'

    ttl = port.sub(rename, ttl)
    unit = re.compile(r'(rdfs:label "[^"]* (?:' + "|".join(GAIN_PARAMETERS) +
                      r')" ;\n(?:\t[^\n]*\n)*?\trdfs:range atom:Float ;\n)(?!\tunits:unit)')
    ttl = unit.sub(r"\1\tunits:unit units:db ;\n", ttl)
    with open(path, "w", encoding="utf-8") as f:
        f.write(ttl)


if __name__ == "__main__":
    main(sys.argv[1])
