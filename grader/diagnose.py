"""Turning an exception raised by learner code into feedback that names the likely cause.

PyTorch's own messages are precise but speak of mechanisms ("a leaf Variable that requires
grad ..."); a learner needs the mistake behind them. Each rule pairs a pattern of the message
with that mistake. The first matching rule wins.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path

from grader.check import CheckFailed, cause_line
from grader.i18n import N_, tr
from grader.loader import IMPORT_CAUSES, display_path, learner_location
from grader.scoring import FAILED, NOT_IMPLEMENTED
from grader.stubs import is_stub_message, stub_message

RULES: list[tuple[type[BaseException], str, str]] = [
    (RuntimeError, r"leaf Variable that requires grad is being used in an in-place operation",
     N_("parameters were updated in place while autograd was recording: do the update inside "
        "`with torch.no_grad():`")),
    (RuntimeError, r"grad can be implicitly created only for scalar outputs",
     N_("backward() was called on a non-scalar tensor: reduce it to a scalar first "
        "(.sum() or .mean())")),
    (RuntimeError, r"cannot be converted to Scalar|only one element tensors can be converted",
     N_("item() was called on a tensor with more than one element: it only works on scalars")),
    (RuntimeError, r"does not require grad and does not have a grad_fn",
     N_("the loss does not depend on any tensor with requires_grad=True: a parameter is no "
        "longer a leaf tensor: update it in place (W -= lr * W.grad) under torch.no_grad() "
        "instead of rebinding it (W = W - ...)")),
    (TypeError, r"unsupported operand type\(s\).*NoneType",
     N_("a .grad was None: a parameter is no longer a leaf tensor: update it in place "
        "(W -= lr * W.grad) under torch.no_grad() instead of rebinding it (W = W - ...)")),
    (AttributeError, r"'NoneType' object has no attribute 'zero_'",
     N_("a .grad was None: a parameter is no longer a leaf tensor: update it in place "
        "(W -= lr * W.grad) under torch.no_grad() instead of rebinding it (W = W - ...)")),
    (RuntimeError, r"mat1 and mat2 shapes cannot be multiplied",
     N_("the input size does not match a layer's in_features: check the layer sizes and that "
        "the input is batch-first ([batch, features]), not transposed")),
    (RuntimeError, r"(expected|must have the same) (scalar type|dtype).*(Double|Float)|"
                   r"found dtype Double",
     N_("a float64 tensor met float32 ones: NumPy data is float64, convert it with .float()")),
    (RuntimeError, r"backward through the graph a second time",
     N_("backward() ran twice over the same graph: recompute the forward pass before each "
        "backward()")),
    (RuntimeError, r"Can't call numpy\(\) on Tensor that requires grad",
     N_("use .detach().numpy() (or .data.numpy()) on tensors that require grad")),
    (AttributeError, r"'(ResNet|VGG|ShapesVGG)' object has no attribute "
                     r"'(fc|classifier|features|avgpool)'",
     N_("ResNet's head is net.fc; a VGG's is net.classifier[6], beside net.features and "
        "net.avgpool: use the attributes of the model you were given")),
    (AttributeError, r"^'(?!NoneType)\w+' object has no attribute '\w+'$",
     N_("an attribute was never set: set it in __init__, and in a subclass call the parent's "
        "__init__ (super().__init__(...)) so that its attributes are set too")),
    (AttributeError, r"module '.*' has no attribute",
     N_("a function or class the exercise defines is missing or renamed: keep the names given "
        "in the exercise file")),
    (RuntimeError, r"can't allocate memory|not enough memory|out of memory",
     N_("your code asked for more memory than it may use: check the sizes of the tensors you "
        "create (and do not keep a whole training history of tensors)")),
    (MemoryError, r"",
     N_("your code asked for more memory than it may use: check the sizes of what you create")),
    (NotImplementedError, r"",
     N_("your code calls a function of the exercise that is still a stub")),
    # ch08: mini-batch training on a device, with a progress bar
    (ImportError, r"IProgress not found",
     N_("tqdm.notebook only works inside Jupyter: import the bar with `from tqdm.auto import "
        "tqdm`, which shows the notebook bar in Jupyter and the text bar elsewhere")),
    (RuntimeError, r"expected target dtype to be Long|expected scalar type Long",
     N_("CrossEntropyLoss takes the labels as int64 class indices of shape [N]: keep them as the "
        "loader gives them (or convert them with .long()), not .float()")),
    (RuntimeError, r"is not on the expected device|Expected all tensors to be on the same device",
     N_("tensors on different devices met in one operation: move the model (net.to(device)) and "
        "the inputs and the labels of every batch (x.to(device)) to the same device")),
    # ch05: a model class whose nn.Module part was never set up
    (AttributeError, r"cannot assign \w+ before Module\.__init__\(\) call",
     N_("nn.Module's own set-up never ran: call super().__init__() first in your model's "
        "__init__, before giving it any layer")),
    # ch06-ch07: labels that do not fit the classification losses
    (ValueError, r"Using a target size .* different to the input size|"
                 r"Target size .* must be the same as input size",
     N_("the labels' shape is not the outputs': BCELoss and BCEWithLogitsLoss need labels of "
        "the outputs' shape [N, 1] (labels.view(-1, 1)), not [N]")),
    (RuntimeError, r"Found dtype Long but expected Float|"
                   r"result type Float can't be cast to the desired output type Long",
     N_("the labels are integers: BCELoss and BCEWithLogitsLoss need float labels (.float())")),
    (RuntimeError, r"0D or 1D target tensor expected, multi-target not supported",
     N_("CrossEntropyLoss takes the labels as class indices of shape [N], not [N, 1]")),
    # ch09: the course's helpers and its CNN
    (TypeError, r"Invalid shape \(3, \d+, \d+\) for image data",
     N_("imshow wants an image with its channels last, [H, W, 3]: transpose the [3, H, W] "
        "tensor first (np.transpose(image, (1, 2, 0)))")),
    (TypeError, r"'bool' object is not callable",
     N_("a function was replaced by True or False, e.g. `torch.use_deterministic_algorithms = "
        "True` (as the course text writes it) replaces torch's function: call it instead, "
        "torch.use_deterministic_algorithms(True)")),
    (RuntimeError, r"Expected 3D \(unbatched\) or 4D \(batched\) input to conv2d",
     N_("the CNN got flattened images: give it images [N, 3, 32, 32] (transform2, without the "
        "flatten); only the fully connected Net takes [N, 3072]")),
    # ch10: the deeper CNN, batch norm, augmentation, optimizers
    (RuntimeError, r"running_mean should contain \d+ elements not \d+",
     N_("a BatchNorm2d got another number of channels than it was made for: give each "
        "convolution its own nn.BatchNorm2d with that convolution's output channels (32, 32, "
        "64, 64, 128, 128), one instance per place")),
    (RuntimeError, r"Given groups=1, weight of size .* expected input.* to have \d+ channels",
     N_("a convolution got another number of channels than its in_channels: each Conv2d takes "
        "the channels the layer before it gives (3 -> 32 -> 32, 32 -> 64 -> 64, 64 -> 128 -> "
        "128)")),
    (RuntimeError, r"Calculated output size: .* Output size is too small",
     N_("the image became too small for a max-pool: without padding=1 each 3 x 3 convolution "
        "cuts 2 pixels off, so give every Conv2d padding=1")),
    (TypeError, r"img should be Tensor Image\. Got <class 'PIL",
     N_("Normalize and RandomErasing work on tensors: put them after transforms.ToTensor() "
        "(RandomHorizontalFlip, ToTensor, Normalize, RandomErasing)")),
    (ValueError, r"optimizer got an empty parameter list",
     N_("the optimizer got no parameters: net.parameters() is a generator, used up by a first "
        "pass over it; give it to the optimizer straight away, once")),
    # ch11: surgery on pretrained models
    (TypeError, r"^'NoneType' object is not callable$",
     N_("None was called as a function: a function that should return a model, a layer or a "
        "transform returned nothing (end it with return ...), or a layer was set to None (to "
        "take a layer out, replace it with nn.Identity(), which passes its input on, as in "
        "net.avgpool = nn.Identity())")),
    # ch12: image folders
    (FileNotFoundError, r"No such file or directory: '.*[/\\](test|valid|validation)/?'$",
     N_("there is no such folder: the course's tree (and the kit's) holds train/ and val/, so the "
        "validation images are in os.path.join(data_dir, 'val')")),
    (TypeError, r"unsupported operand type\(s\) for \+: '\w*Path' and 'str'",
     N_("the folder may be a pathlib.Path (courselib.image_folders.course_image_folder() returns "
        "one): join paths with os.path.join(data_dir, 'train'), which takes a str or a Path, "
        "not with +")),
]


WITHHELD = N_("your code failed during this check; in course grading, where the inputs are "
              "secret, what it said is not shown: run the check on your own copy "
              "(pytest exercises/...) to see it")


def withheld_details(status: str, message: str) -> str:
    """Feedback written by the learner's process, under a secret: that process may put
    anything in it, the secret inputs included, so only the grader's own words are kept
    (the task of a stub, a likely cause the grader wrote)."""
    if status == NOT_IMPLEMENTED:
        task = re.search(r"(ch\d\d) task '(\w+)'", message)
        return (not_implemented(stub_message(task[1], task[2])) if task
                else tr("not implemented"))
    causes = [cause for _, _, cause in RULES] + list(IMPORT_CAUSES)
    known = next(filter(None, (re.search(_pattern(tr(cause)), message) for cause in causes)),
                 None)
    return tr(WITHHELD) + ("\n" + cause_line(known[0]) if known else "")


def _pattern(cause: str) -> str:
    """A translated cause as a pattern: its one field, a module's name, is a word."""
    return re.escape(cause).replace(re.escape("{module}"), r"\w+")


def not_implemented(stub: str) -> str:
    return tr("not implemented: {stub}", stub=stub)


def likely_cause(error: BaseException) -> str | None:
    message = str(error)
    for kind, pattern, cause in RULES:
        if isinstance(error, kind) and re.search(pattern, message):
            return tr(cause)
    return None


def explain_learner_error(error: BaseException, chapter_root: Path) -> str:
    """Feedback for an exception that escaped from learner code during a check."""
    where = learner_location(error, chapter_root)
    lines = [tr("your code raised {error}", error=f"{type(error).__name__}: {error}").rstrip()]
    if where:
        lines.append("  " + tr("at {where}", where=where))
    cause = likely_cause(error)
    if cause:
        lines.append(cause_line(cause))
    return "\n".join(lines)


def explain_failure(error: BaseException, chapter_root: Path) -> tuple[str, str]:
    """(status, feedback) for an exception that ended a check or a probe."""
    if isinstance(error, NotImplementedError) and is_stub_message(str(error)):
        return NOT_IMPLEMENTED, not_implemented(str(error))
    if isinstance(error, CheckFailed):
        return FAILED, str(error)
    if learner_location(error, chapter_root):
        return FAILED, explain_learner_error(error, chapter_root)
    frame = traceback.extract_tb(error.__traceback__)[-1]
    cause = likely_cause(error)
    return FAILED, (tr("the check could not use what your code returned: {error}",
                       error=f"{type(error).__name__}: {error}")
                    + "\n  " + tr("(in the grader at {where})",
                                   where=f"{display_path(frame.filename)}:{frame.lineno}")
                    + ("\n" + cause_line(cause) if cause else ""))
