"""Writes the TensorBoard and Hugging Face fixtures the RunLog tests read.

Run from this folder:  python3 make_tensorboard_fixtures.py
Needs `pip install tensorboard` (which brings protobuf and numpy); uses PyTorch's
`torch.utils.tensorboard.SummaryWriter` too when torch is importable (for example
/work/torch-venv/bin/python), and falls back to TensorBoard's own writer otherwise.

Output (wall times fixed so the values are reproducible; file_version records carry the
time of writing):
  tensorboard/tb_writer/      TensorBoard's EventFileWriter: simple_value scalars, and tensor
                              scalars as TensorBoard's compat tensor_util makes them (float_val,
                              double_val, half_val) with "scalars" metadata on the first value only
  tensorboard/tensor_content/ scalars with raw little-endian tensor_content, the form TF2's C++
                              summary writer uses (TensorFlow is not installed here, so the protos
                              are built by hand), plus values that are not scalars: an "hparams"
                              rank-0 tensor, a "text" string tensor and a histogram
  tensorboard/torch/          PyTorch SummaryWriter.add_scalar: default (simple_value),
                              new_style=True (float_val) and double_precision=True (double_val)
  tensorboard/expected.json   every scalar as TensorBoard's EventFileLoader reads it back
  hf_run/                     an HF/TRL-style output folder: runs/<date>_<host>/ event file with
                              HF-rewritten tags (train/reward, …) and checkpoint-4/trainer_state.json
"""

import glob
import json
import os
import shutil
import struct

import numpy as np
from tensorboard.backend.event_processing.event_file_loader import RawEventFileLoader
from tensorboard.compat.proto import event_pb2, summary_pb2, tensor_pb2, tensor_shape_pb2, types_pb2
from tensorboard.plugins.scalar import metadata as scalar_metadata
from tensorboard.summary.writer.event_file_writer import EventFileWriter
from tensorboard.util import tensor_util

HERE = os.path.dirname(os.path.abspath(__file__))
T0 = 1767225600.0  # 2026-01-01T00:00:00Z


def fresh(folder):
    path = os.path.join(HERE, folder)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def rename_single_event_file(folder, stamp):
    """Gives the one event file in `folder` a name without this machine's host and pid."""
    [path] = glob.glob(os.path.join(folder, "events.out.tfevents.*"))
    os.rename(path, os.path.join(folder, "events.out.tfevents.%d.fixture" % stamp))


def write_events(folder, events, stamp):
    writer = EventFileWriter(folder)
    for event in events:
        writer.add_event(event)
    writer.close()
    rename_single_event_file(folder, stamp)


def event(step, values):
    return event_pb2.Event(wall_time=T0 + step, step=step, summary=summary_pb2.Summary(value=values))


def tensor_value(tag, array, first):
    value = summary_pb2.Summary.Value(tag=tag, tensor=tensor_util.make_tensor_proto(array))
    if first:  # TensorBoard writers attach metadata to a tag's first value only
        value.metadata.CopyFrom(scalar_metadata.create_summary_metadata(display_name=tag, description=""))
    return value


def tb_writer():
    folder = fresh("tensorboard/tb_writer")
    events = []
    for step in range(3):
        events.append(event(step, [
            summary_pb2.Summary.Value(tag="loss", simple_value=2.0 - 0.25 * step),
            tensor_value("reward", np.float32(0.5 + step), step == 0),
            tensor_value("kl", np.float64(0.001 * (step + 1)), step == 0),
            tensor_value("half", np.float16(1.5 * step), step == 0),
        ]))
    write_events(folder, events, int(T0))


def content_tensor(dtype, fmt, x):
    return tensor_pb2.TensorProto(dtype=dtype, tensor_shape=tensor_shape_pb2.TensorShapeProto(),
                                  tensor_content=struct.pack(fmt, x))


def tensor_content():
    folder = fresh("tensorboard/tensor_content")
    scalars = summary_pb2.SummaryMetadata(plugin_data=summary_pb2.SummaryMetadata.PluginData(plugin_name="scalars"),
                                          data_class=summary_pb2.DATA_CLASS_SCALAR)
    hparams = summary_pb2.SummaryMetadata(plugin_data=summary_pb2.SummaryMetadata.PluginData(plugin_name="hparams"))
    text = summary_pb2.SummaryMetadata(plugin_data=summary_pb2.SummaryMetadata.PluginData(plugin_name="text"))
    events = [event(0, [
        summary_pb2.Summary.Value(tag="hparams/session", metadata=hparams,
                                  tensor=content_tensor(types_pb2.DT_FLOAT, "<f", 0.0)),
        summary_pb2.Summary.Value(tag="note", metadata=text,
                                  tensor=tensor_pb2.TensorProto(dtype=types_pb2.DT_STRING, string_val=[b"hello"])),
        summary_pb2.Summary.Value(tag="weights", histo=summary_pb2.HistogramProto(min=0, max=1, num=2)),
    ])]
    for step in range(1, 4):
        events.append(event(step * 10, [
            summary_pb2.Summary.Value(tag="epoch_loss", metadata=scalars if step == 1 else None,
                                      tensor=content_tensor(types_pb2.DT_FLOAT, "<f", 1.0 / step)),
            summary_pb2.Summary.Value(tag="epoch_accuracy", metadata=scalars if step == 1 else None,
                                      tensor=content_tensor(types_pb2.DT_DOUBLE, "<d", 0.1 * step)),
        ]))
    write_events(folder, events, int(T0) + 1)


def torch_or_tb_scalars(folder, scalars, stamp):
    """`scalars`: (tag, value, step, kwargs for add_scalar). PyTorch if available, else TensorBoard."""
    try:
        from torch.utils.tensorboard import SummaryWriter
    except ImportError:
        write_events(folder, [event(step, [summary_pb2.Summary.Value(tag=tag, simple_value=value)])
                              for tag, value, step, _ in scalars], stamp)
        return False
    writer = SummaryWriter(log_dir=folder)
    for tag, value, step, kwargs in scalars:
        writer.add_scalar(tag, value, step, walltime=T0 + step, **kwargs)
    writer.close()
    rename_single_event_file(folder, stamp)
    return True


def torch_writer():
    folder = fresh("tensorboard/torch")
    scalars = []
    for step in range(3):
        scalars.append(("train/loss", 1.5 - 0.5 * step, step, {}))
        scalars.append(("train/reward", 0.25 * step, step, {"new_style": True}))
        scalars.append(("train/kl", 0.125 * step, step, {"new_style": True, "double_precision": True}))
    if not torch_or_tb_scalars(folder, scalars, int(T0) + 2):
        shutil.rmtree(folder)


def hf_run():
    root = fresh("hf_run")
    runs = os.path.join(root, "runs", "Jan01_00-00-00_fixture")
    os.makedirs(runs)
    history = []
    scalars = []
    for step in (1, 2, 3, 4):
        logs = {"loss": 0.5 / step, "grad_norm": float("nan") if step == 2 else 1.0 / step,
                "learning_rate": 1e-5 * step, "reward": 0.2 * step, "reward_std": 0.1,
                "kl": 0.01 * step, "clip_ratio/region_mean": 0.001 * step,
                "completions/mean_length": 100.0 + step, "epoch": step / 4}
        history.append({**logs, "step": step})
        for key, value in logs.items():  # transformers' rewrite_logs: everything else → train/
            scalars.append(("train/" + key, value, step, {}))
    history.append({"eval_loss": 0.3, "eval_reward": 0.9, "epoch": 1.0, "step": 4})
    scalars.append(("eval/loss", 0.3, 4, {}))
    torch_or_tb_scalars(runs, scalars, int(T0) + 3)
    checkpoint = os.path.join(root, "checkpoint-4")
    os.makedirs(checkpoint)
    state = {"best_metric": None, "epoch": 1.0, "global_step": 4, "log_history": history,
             "logging_steps": 1, "max_steps": 4, "trial_name": None}
    with open(os.path.join(checkpoint, "trainer_state.json"), "w") as f:  # as TrainerState.save_to_json
        f.write(json.dumps(state, indent=2, sort_keys=True) + "\n")


def scalar_of(value, plugins):
    """The scalar a Summary.Value holds for the scalars dashboard, or None."""
    if value.HasField("simple_value"):
        return float(value.simple_value)
    if not value.HasField("tensor"):
        return None
    if value.HasField("metadata"):
        plugins[value.tag] = value.metadata.plugin_data.plugin_name
    if plugins.get(value.tag, "scalars") != "scalars":
        return None
    array = tensor_util.make_ndarray(value.tensor)
    if array.size != 1 or array.dtype.kind not in "fiu":
        return None
    return float(array.reshape(()))


def expected():
    """Every scalar in the tensorboard/ fixtures, decoded by TensorBoard's own loader."""
    out = {}
    for path in sorted(glob.glob(os.path.join(HERE, "tensorboard", "*", "events.out.tfevents.*"))):
        plugins = {}
        points = []
        for raw in RawEventFileLoader(path).Load():
            ev = event_pb2.Event.FromString(raw)
            for value in ev.summary.value:
                x = scalar_of(value, plugins)
                if x is not None:
                    points.append({"tag": value.tag, "step": ev.step, "wall_time": ev.wall_time, "value": x})
        out[os.path.relpath(path, os.path.join(HERE, "tensorboard"))] = points
    with open(os.path.join(HERE, "tensorboard", "expected.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    fresh("tensorboard")
    tb_writer()
    tensor_content()
    torch_writer()
    hf_run()
    expected()
