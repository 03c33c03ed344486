"""Writes three RL runs the way their trainers log them, for `unmask watch` and its tests.

Run from this folder:  python3 make_watch_fixtures.py
Needs `pip install tensorboard` (brings numpy and protobuf); uses PyTorch's
`torch.utils.tensorboard.SummaryWriter` when torch is importable (for example
/work/torch-venv/bin/python make_watch_fixtures.py) and TensorBoard's own writers otherwise.
Either way the files hold the same scalars in the same two forms.

Output, in watch_runs/ (wall times fixed; metric names as each trainer logs them,
docs/file-formats.md §7):
  trl_grpo/runs/Jan02_00-00-00_fixture/  a TRL GRPOTrainer run as HF's TensorBoardCallback writes
                it: `add_scalar` old-style simple_value scalars with transformers' rewrite_logs
                tags (train/reward, train/kl, train/clip_ratio/region_mean,
                train/completions/mean_length, train/rewards/accuracy_reward/mean, …, eval/reward)
                every 10 steps, 10…60
  espo/         an ESPO run logged as scalars-plugin tensors (SummaryWriter new_style=True, or
                tensorboard.summary.Writer) under ESPO's names (reward, kl, clip_ratio/region_mean,
                completion_length, zero_std_ratio, rewards/correctness, entropy); the run was
                restarted, so steps 1…4 are in one event file and 5…8 in a newer one
  diffu_grpo/checkpoint-40/trainer_state.json  a dllm diffu-GRPO (d1-style) run's HF trainer state:
                log_history with completions/length/mean, rewards/<f>/mean, frac_reward_zero_std,
                kl, clip_ratio/region_mean, a NaN grad_norm (written bare, as Python's json does)
                and an eval entry
  expected.json every scalar of the event files as TensorBoard's own loader reads it back, per run
"""

import glob
import json
import os
import shutil

from tensorboard.backend.event_processing.event_file_loader import RawEventFileLoader
from tensorboard.compat.proto import event_pb2, summary_pb2
from tensorboard.summary.writer.event_file_writer import EventFileWriter
from tensorboard.util import tensor_util

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "watch_runs")
T0 = 1767312000.0  # 2026-01-02T00:00:00Z


def fresh(relative):
    path = os.path.join(ROOT, relative)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def rename_new_event_file(folder, stamp):
    """Gives the event file just written in `folder` a name without this machine's host and pid."""
    [path] = [p for p in glob.glob(os.path.join(folder, "events.out.tfevents.*")) if not p.endswith(".fixture")]
    os.rename(path, os.path.join(folder, "events.out.tfevents.%d.fixture" % stamp))


def write_scalars(folder, scalars, stamp, tensors):
    """`scalars`: (tag, value, step). Old-style simple_value, or scalars-plugin tensors if `tensors`."""
    try:
        from torch.utils.tensorboard import SummaryWriter
    except ImportError:
        SummaryWriter = None
    if SummaryWriter is not None:
        writer = SummaryWriter(log_dir=folder)
        for tag, value, step in scalars:
            writer.add_scalar(tag, value, step, walltime=T0 + step, new_style=tensors)
        writer.close()
    elif tensors:
        from tensorboard.summary import Writer
        writer = Writer(folder)
        for tag, value, step in scalars:
            writer.add_scalar(tag, value, step, wall_time=T0 + step)
        writer.close()
    else:
        writer = EventFileWriter(folder)
        for tag, value, step in scalars:
            writer.add_event(event_pb2.Event(wall_time=T0 + step, step=step, summary=summary_pb2.Summary(
                value=[summary_pb2.Summary.Value(tag=tag, simple_value=value)])))
        writer.close()
    rename_new_event_file(folder, stamp)


def trl_logs(step):
    """One GRPOTrainer log entry (TRL's names) at `step`."""
    x = step / 60
    return {"reward": 0.2 + 0.6 * x, "reward_std": 0.3 - 0.1 * x, "kl": 0.002 * step,
            "clip_ratio/region_mean": 0.01 * x, "completions/mean_length": 180.0 - 40 * x,
            "rewards/accuracy_reward/mean": 0.1 + 0.5 * x, "frac_reward_zero_std": 0.5 - 0.25 * x,
            "loss": 0.01 * x, "grad_norm": 1.5 - x, "learning_rate": 1e-6 * (1 - x / 2), "epoch": x}


def trl_grpo():
    folder = fresh("trl_grpo/runs/Jan02_00-00-00_fixture")
    scalars = []
    for step in range(10, 61, 10):
        for key, value in trl_logs(step).items():  # transformers' rewrite_logs: not eval_/test_ → train/
            scalars.append(("train/" + key, value, step))
        if step % 30 == 0:
            scalars.append(("eval/reward", 0.25 + 0.5 * step / 60, step))
    write_scalars(folder, scalars, int(T0), tensors=False)


def espo_logs(step):
    """One ESPO log entry (ESPO's names) at `step`."""
    x = step / 8
    return {"reward": 0.1 + 0.7 * x, "reward_std": 0.2, "kl": 0.0005 * step * step,
            "clip_ratio/region_mean": 0.002 * step, "clip_ratio/low_mean": 0.001 * step,
            "completion_length": 96.0 + 4 * step, "zero_std_ratio": 0.75 - 0.5 * x,
            "rewards/correctness": 0.1 + 0.7 * x, "entropy": 1.2 - 0.4 * x}


def espo():
    folder = fresh("espo")
    for steps, stamp in ((range(1, 5), int(T0) + 1), (range(5, 9), int(T0) + 100)):
        write_scalars(folder, [(tag, value, step) for step in steps for tag, value in espo_logs(step).items()],
                      stamp, tensors=True)


def diffu_grpo():
    folder = fresh("diffu_grpo/checkpoint-40")
    history = []
    for step in range(5, 41, 5):
        x = step / 40
        history.append({"completions/length/mean": 64.0 + 32 * x, "completions/length/max": 128.0,
                        "completions/clipped_ratio": 0.1 * (1 - x), "reward": 0.3 + 0.4 * x, "reward_std": 0.25,
                        "rewards/xmlcount_reward_func/mean": 0.1 * x, "rewards/correctness_reward_func/mean": 0.2 + 0.3 * x,
                        "frac_reward_zero_std": 0.4, "kl": 0.001 * step, "clip_ratio/region_mean": 0.0,
                        "loss": 0.001 * step, "grad_norm": float("nan") if step == 15 else 2.0 - x,
                        "learning_rate": 3e-6, "num_tokens": 4096.0 * step, "epoch": x, "step": step})
    history.append({"eval_reward": 0.55, "eval_loss": 0.02, "epoch": 1.0, "step": 40})
    state = {"best_metric": None, "epoch": 1.0, "global_step": 40, "log_history": history,
             "logging_steps": 5, "max_steps": 40, "save_steps": 40, "trial_name": None}
    with open(os.path.join(folder, "trainer_state.json"), "w") as f:  # as TrainerState.save_to_json
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
    return float(tensor_util.make_ndarray(value.tensor).reshape(()))


def expected():
    out = {}
    for run in ("trl_grpo", "espo"):
        points = []
        for path in sorted(glob.glob(os.path.join(ROOT, run, "**", "events.out.tfevents.*"), recursive=True)):
            plugins = {}
            for raw in RawEventFileLoader(path).Load():
                event = event_pb2.Event.FromString(raw)
                for value in event.summary.value:
                    x = scalar_of(value, plugins)
                    if x is not None:
                        points.append({"tag": value.tag, "step": event.step, "value": x,
                                       "tensor": value.HasField("tensor")})
        out[run] = points
    with open(os.path.join(ROOT, "expected.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    shutil.rmtree(ROOT, ignore_errors=True)
    trl_grpo()
    espo()
    diffu_grpo()
    expected()
