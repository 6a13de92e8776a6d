#!/usr/bin/env python3
"""Code cache lines an operation runs: the 64-byte lines of machine code whose instructions
ran at least once per operation, from two callgrind profiles (--dump-instr=yes
--compress-pos=no --compress-strings=no) of N1 and N2 operations; start-up cancels out.

A request's code that is spread over many lines is fetched again after every context switch
(the kernel and the server evict it), which an instruction count does not show.

    code_lines.py PROFILE_N1 PROFILE_N2 N1 N2 [--functions]
"""
import collections
import sys


def costs(path):
    """(object, instruction address) -> instructions run there, exclusive of calls."""
    per_address = collections.Counter()
    function_of = {}
    obj = function = None
    call_follows = False
    with open(path) as profile:
        for line in profile:
            if line.startswith("ob="):
                obj = line[3:].strip()
            elif line.startswith("fn="):
                function = line[3:].strip()
            elif line.startswith("calls="):
                call_follows = True  # the next cost line is the call's inclusive cost
            elif line.startswith("0x"):
                if call_follows:
                    call_follows = False
                    continue
                fields = line.split()
                key = (obj, int(fields[0], 16))
                per_address[key] += int(fields[-1])
                function_of[key] = function
    return per_address, function_of


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    before, _ = costs(sys.argv[1])
    after, function_of = costs(sys.argv[2])
    operations = int(sys.argv[4]) - int(sys.argv[3])
    lines = collections.defaultdict(set)
    for key, count in after.items():
        if count - before.get(key, 0) >= operations:
            obj, address = key
            lines[(obj.rsplit("/", 1)[-1], function_of[key])].add(address >> 6)
    every = {(obj, line) for (obj, _), found in lines.items() for line in found}
    print(len(every))
    if "--functions" in sys.argv:
        for (obj, function), found in sorted(lines.items(), key=lambda item: -len(item[1])):
            print(f"{len(found):5d}  {obj}: {function[:120]}", file=sys.stderr)


main()
