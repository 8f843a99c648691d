"""Images held as uint8 arrays, served the way torchvision's data sets serve them."""

from __future__ import annotations

import numpy as np


class ImageArrays:
    """A Dataset of (PIL image, int label) before the transforms, from `data` (uint8
    [N, H, W] or [N, H, W, 3], a tensor or an array) and `targets`. Subclasses set
    `data`, `targets`, `train`, `transform` and `target_transform`."""

    def __len__(self) -> int:
        return len(self.targets)

    def __getitem__(self, index: int):
        from PIL import Image

        image = Image.fromarray(np.asarray(self.data[index]))  # [H, W]: "L"; [H, W, 3]: "RGB"
        label = int(self.targets[index])
        if self.transform is not None:
            image = self.transform(image)
        if self.target_transform is not None:
            label = self.target_transform(label)
        return image, label

    def __repr__(self) -> str:
        return f"{type(self).__name__}({'train' if self.train else 'test'}, {len(self)} images)"
