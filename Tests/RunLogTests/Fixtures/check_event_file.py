"""Reads an event file the way TensorBoard does and prints what it found, as JSON.

Usage: python3 check_event_file.py <events.out.tfevents.*>
Exits non-zero if a record's framing or either masked CRC-32C (checked with TensorBoard's own
implementation) is wrong, or if the file does not start with the brain.Event:2 record; then
prints {"records": n, "file_version": "...", "scalars": {tag: [[step, wall_time, value], ...]}}
from tensorboard's EventAccumulator, which loads through EventFileLoader.
"""

import json
import struct
import sys

from tensorboard.backend.event_processing import event_accumulator
from tensorboard.backend.event_processing.event_file_loader import EventFileLoader
from tensorboard.compat.tensorflow_stub.pywrap_tensorflow import masked_crc32c


def strict_record_count(path):
    data = open(path, "rb").read()
    offset = count = 0
    while offset < len(data):
        if len(data) - offset < 12:
            sys.exit("%s: byte %d: truncated header" % (path, offset))
        header = data[offset:offset + 8]
        (length,) = struct.unpack("<Q", header)
        (length_crc,) = struct.unpack("<I", data[offset + 8:offset + 12])
        if masked_crc32c(header) != length_crc:
            sys.exit("%s: byte %d: length CRC mismatch" % (path, offset))
        body = data[offset + 12:offset + 12 + length]
        footer = data[offset + 12 + length:offset + 16 + length]
        if len(body) != length or len(footer) != 4:
            sys.exit("%s: byte %d: truncated record" % (path, offset))
        if masked_crc32c(body) != struct.unpack("<I", footer)[0]:
            sys.exit("%s: byte %d: data CRC mismatch" % (path, offset))
        offset += 16 + length
        count += 1
    return count


def main(path):
    records = strict_record_count(path)
    events = list(EventFileLoader(path).Load())
    if len(events) != records:
        sys.exit("EventFileLoader read %d events of %d records" % (len(events), records))
    if events[0].file_version != "brain.Event:2":
        sys.exit("first record is not the brain.Event:2 file_version event")
    accumulator = event_accumulator.EventAccumulator(path, size_guidance={event_accumulator.SCALARS: 0})
    accumulator.Reload()
    scalars = {tag: [[s.step, s.wall_time, s.value] for s in accumulator.Scalars(tag)]
               for tag in accumulator.Tags()["scalars"]}
    print(json.dumps({"records": records, "file_version": events[0].file_version, "scalars": scalars}))


if __name__ == "__main__":
    main(sys.argv[1])
