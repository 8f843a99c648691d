"""Chapter 12: custom data, fine-tuning and transfer learning.

Your own images, kept as files in one folder per class (train/ and val/, each with a folder
per class), are read with ImageFolder, with the transforms a model pretrained at 224 x 224
pixels wants: for validation Resize(256) and CenterCrop(224); for training a random crop
(RandomResizedCrop(224)), mirroring and erasing. Then a pretrained VGG-19-BN gets a new head
for your classes and is trained two ways: fine-tuning (every parameter trains, from the
pretrained weights) and transfer learning (every pretrained parameter frozen; only the new
head trains, so the backbone stays exactly as it was).

The course's folder is the ants/bees photos (hymenoptera_data): course_image_folder(), from
courselib.image_folders, gives it when it is under data/, and otherwise the kit's own
two-class tree of Shapes-10 images (data/shapes_folder): your code is the same for both.
The grader trains your transfer learning on the kit's pretrained backbone
(courselib.backbone), which never saw those two classes. Training uses the course's helpers
from courselib (courselib.training.fit, courselib.plots.evaluate_history,
show_images_labels).
"""
