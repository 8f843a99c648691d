"""Chapter 9 variants: the mistakes of CURRICULUM.md and the issue, and other correct code,
one of them written the way the course text writes it."""

import re
from pathlib import Path

from tests.variants import alternative, mistake

D, M, H = "data.py", "models.py", "helpers.py"
SOLUTIONS = Path(__file__).resolve().parents[2] / "solutions" / "ch09"


def reference_block(filename: str, function: str) -> str:
    """The solution block of `function` in the reference file, markers included: the whole
    body an alternative replaces."""
    text = (SOLUTIONS / filename).read_text(encoding="utf-8")
    start = re.search(rf"def {function}\(.*?\n(?P<block>[ ]*# BEGIN SOLUTION\n.*?"
                      r"# END SOLUTION\n)", text, re.S)
    return start["block"]


def body(code: str, indent: int = 4) -> str:
    """`code` (dedented text) as a solution block at `indent`."""
    pad = " " * indent
    lines = [pad + line if line.strip() else "" for line in code.strip("\n").splitlines()]
    return "\n".join([pad + "# BEGIN SOLUTION", *lines, pad + "# END SOLUTION"]) + "\n"


# The course's helpers, adapted as CURRICULUM.md and the stubs ask: tqdm.auto instead of
# tqdm.notebook (which needs Jupyter), torch.use_deterministic_algorithms called instead of
# assigned, evaluation under torch.no_grad(), and one pyplot Figure for both curves, saved
# at the path given and returned.
COURSE_SEED = '''
torch.manual_seed(seed)
torch.cuda.manual_seed(seed)
torch.backends.cudnn.deterministic = True
torch.use_deterministic_algorithms(True)
'''
COURSE_EVAL_LOSS = '''
# データローダーから最初の1セットを取得する
for images, labels in loader:
    break
# デバイスの割り当て
inputs = images.to(device)
labels = labels.to(device)
# 予測計算
outputs = net(inputs)
# 損失計算
loss = criterion(outputs, labels)
return loss
'''
COURSE_FIT = '''
from tqdm.auto import tqdm

base_epochs = len(history)
for epoch in range(base_epochs, num_epochs+base_epochs):
    n_train_acc, n_val_acc = 0, 0
    train_loss, val_loss = 0, 0
    n_train, n_test = 0, 0

    # 訓練フェーズ
    net.train()
    for inputs, labels in tqdm(train_loader):
        train_batch_size = len(labels)
        n_train += train_batch_size
        inputs = inputs.to(device)
        labels = labels.to(device)
        optimizer.zero_grad()
        outputs = net(inputs)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()
        predicted = torch.max(outputs, 1)[1]
        train_loss += loss.item() * train_batch_size
        n_train_acc += (predicted == labels).sum().item()

    # 予測フェーズ
    net.eval()
    with torch.no_grad():
        for inputs_test, labels_test in test_loader:
            test_batch_size = len(labels_test)
            n_test += test_batch_size
            inputs_test = inputs_test.to(device)
            labels_test = labels_test.to(device)
            outputs_test = net(inputs_test)
            loss_test = criterion(outputs_test, labels_test)
            predicted_test = torch.max(outputs_test, 1)[1]
            val_loss += loss_test.item() * test_batch_size
            n_val_acc += (predicted_test == labels_test).sum().item()

    train_acc = n_train_acc / n_train
    val_acc = n_val_acc / n_test
    avg_train_loss = train_loss / n_train
    avg_val_loss = val_loss / n_test
    print(f'Epoch [{(epoch+1)}/{num_epochs+base_epochs}], loss: {avg_train_loss:.5f} '
          f'acc: {train_acc:.5f} val_loss: {avg_val_loss:.5f}, val_acc: {val_acc:.5f}')
    item = np.array([epoch+1, avg_train_loss, train_acc, avg_val_loss, val_acc])
    history = np.vstack((history, item))
return history
'''
COURSE_EVALUATE_HISTORY = '''
import matplotlib.pyplot as plt

#損失と精度の確認
print(f'初期状態: 損失: {history[0,3]:.5f} 精度: {history[0,4]:.5f}')
print(f'最終状態: 損失: {history[-1,3]:.5f} 精度: {history[-1,4]:.5f}' )

num_epochs = len(history)
unit = num_epochs / 10

fig = plt.figure(figsize=(18, 8))
# 学習曲線の表示 (損失)
plt.subplot(1, 2, 1)
plt.plot(history[:,0], history[:,1], 'b', label='訓練')
plt.plot(history[:,0], history[:,3], 'k', label='検証')
plt.xticks(np.arange(0,num_epochs+1, unit))
plt.xlabel('繰り返し回数')
plt.ylabel('損失')
plt.title('学習曲線(損失)')
plt.legend()

# 学習曲線の表示 (精度)
plt.subplot(1, 2, 2)
plt.plot(history[:,0], history[:,2], 'b', label='訓練')
plt.plot(history[:,0], history[:,4], 'k', label='検証')
plt.xticks(np.arange(0,num_epochs+1,unit))
plt.xlabel('繰り返し回数')
plt.ylabel('精度')
plt.title('学習曲線(精度)')
plt.legend()
fig.savefig(path)
plt.show()
return fig
'''
COURSE_SHOW_IMAGES_LABELS = '''
import matplotlib.pyplot as plt

# データローダーから最初の1セットを取得する
for images, labels in loader:
    break
# 表示数は50個とバッチサイズのうち小さい方
n_size = min(len(images), 50)

if net is not None:
    # デバイスの割り当て
    inputs = images.to(device)
    labels = labels.to(device)

    # 予測計算
    outputs = net(inputs)
    predicted = torch.max(outputs,1)[1]
    #images = images.to('cpu')

# 最初のn_size個の表示
fig = plt.figure(figsize=(20, 15))
for i in range(n_size):
    ax = plt.subplot(5, 10, i + 1)
    label_name = classes[labels[i]]
    # netがNoneでない場合は、予測結果もタイトルに表示する
    if net is not None:
        predicted_name = classes[predicted[i]]
        # 正解かどうかで色分けをする
        if label_name == predicted_name:
            c = 'k'
        else:
            c = 'b'
        ax.set_title(label_name + ':' + predicted_name, c=c, fontsize=20)
    # netがNoneの場合は、正解ラベルのみ表示
    else:
        ax.set_title(label_name, fontsize=20)
    # TensorをNumPyに変換
    image_np = images[i].numpy().copy()
    # 軸の順番変更 (channel, row, column) -> (row, column, channel)
    img = np.transpose(image_np, (1, 2, 0))
    # 値の範囲を[-1, 1] -> [0, 1]に戻す
    img = (img + 1)/2
    # 結果表示
    plt.imshow(img)
    ax.set_axis_off()
fig.savefig(path)
plt.show()
return fig
'''
COURSE_NET_INIT = '''
# 隠れ層の定義 (隠れ層のノード数: n_hidden)
self.l1 = nn.Linear(n_input, n_hidden)
# 出力層の定義
self.l2 = nn.Linear(n_hidden, n_output)
# ReLU関数の定義
self.relu = nn.ReLU(inplace=True)
'''
COURSE_NET_FORWARD = '''
x1 = self.l1(x)
x2 = self.relu(x1)
x3 = self.l2(x2)
return x3
'''
COURSE_CNN_INIT = '''
self.conv1 = nn.Conv2d(3, 32, 3)
self.conv2 = nn.Conv2d(32, 32, 3)
self.relu = nn.ReLU(inplace=True)
self.maxpool = nn.MaxPool2d((2,2))
self.flatten = nn.Flatten()
self.l1 = nn.Linear(6272, n_hidden)
self.l2 = nn.Linear(n_hidden, n_output)

self.features = nn.Sequential(
    self.conv1,
    self.relu,
    self.conv2,
    self.relu,
    self.maxpool)

self.classifier = nn.Sequential(
   self.l1,
   self.relu,
   self.l2)
'''
COURSE_CNN_FORWARD = '''
x1 = self.features(x)
x2 = self.flatten(x1)
x3 = self.classifier(x2)
return x3
'''
COURSE_TRANSFORMS = '''
# transformer1 1階テンソル化
transform1 = transforms.Compose([
    transforms.ToTensor(),
    transforms.Normalize(0.5, 0.5),
    transforms.Lambda(lambda x: x.view(-1)),
])

# transformer2 正規化のみ実施
transform2 = transforms.Compose([
    transforms.ToTensor(),
    transforms.Normalize(0.5, 0.5),
])
return transform1, transform2
'''

# Another correct way: one nn.Sequential for each model with F.relu in Net, matplotlib's
# object API through plt.subplots, a grid made at once (unused axes left empty), the
# accuracy panel first, the images converted with torch, a history kept as a list of rows
# with sums kept as tensors, and a progress bar over the epochs.
OTHER_SEED = '''
torch.random.manual_seed(seed)
torch.cuda.manual_seed_all(seed)
torch.backends.cudnn.deterministic = True
torch.backends.cudnn.benchmark = False
torch.use_deterministic_algorithms(mode=True, warn_only=True)
'''
OTHER_EVAL_LOSS = '''
inputs, labels = (part.to(device) for part in next(iter(loader)))
outputs = net(inputs)
return criterion(outputs, labels)
'''
OTHER_FIT = '''
from tqdm import trange

def run(loader, train):
    loss_sum, correct, count = torch.zeros(()), torch.zeros(()), 0
    for inputs, labels in loader:
        inputs, labels = inputs.to(device), labels.to(device)
        outputs = net(inputs)
        loss = criterion(outputs, labels)
        if train:
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
        loss_sum += loss.detach().cpu() * labels.shape[0]
        correct += (torch.max(outputs, 1)[1] == labels).sum().cpu()
        count += labels.shape[0]
    return (loss_sum / count).item(), (correct / count).item()

rows = [list(row) for row in history]
optimizer.zero_grad()
for epoch in trange(len(rows) + 1, len(rows) + num_epochs + 1):
    net.train()
    train_loss, train_acc = run(train_loader, train=True)
    net.eval()
    with torch.no_grad():
        val_loss, val_acc = run(test_loader, train=False)
    rows.append([epoch, train_loss, train_acc, val_loss, val_acc])
return rows
'''
OTHER_EVALUATE_HISTORY = '''
import matplotlib.pyplot as plt

h = np.array(history)
for name, row in (("initial", h[0]), ("final", h[-1])):
    print(f"{name}: val_loss {row[3]:.5f}, val_acc {row[4]:.5f}")
fig, (accuracy, loss) = plt.subplots(1, 2, figsize=(10, 4))
accuracy.plot(h[:, 0], h[:, 4], label="val")
accuracy.plot(h[:, 0], h[:, 2], label="train")
loss.plot(h[:, 0], h[:, 3], label="val")
loss.plot(h[:, 0], h[:, 1], label="train")
for axes in (accuracy, loss):
    axes.legend()
fig.savefig(str(path))
plt.close(fig)
return fig
'''
OTHER_SHOW_IMAGES_LABELS = '''
import matplotlib.pyplot as plt

images, labels = next(iter(loader))
images, labels = images[:50], labels[:50]
names = [classes[label] for label in labels.tolist()]
if net is not None:
    with torch.no_grad():
        guesses = net.eval()(images.to(device)).max(dim=1).indices.cpu().tolist()
fig, grid = plt.subplots(5, 10, figsize=(15, 8))
for axes in grid.flat:
    axes.axis("off")
for i, axes in enumerate(grid.flat[:len(images)]):
    axes.imshow(((images[i] + 1) / 2).permute(1, 2, 0).cpu().numpy())
    if net is None:
        axes.set_title(names[i])
    else:
        guess = classes[guesses[i]]
        axes.set_title(f"{names[i]}:{guess}", color="black" if guess == names[i] else "blue")
fig.savefig(path)
plt.close(fig)
return fig
'''
OTHER_NET_INIT = '''
self.layers = nn.ModuleList([nn.Linear(n_input, n_hidden), nn.Linear(n_hidden, n_output)])
'''
OTHER_NET_FORWARD = '''
first, last = self.layers
return last(nn.functional.relu(first(x)))
'''
OTHER_CNN_INIT = '''
self.layers = nn.Sequential(
    nn.Conv2d(3, 32, kernel_size=3), nn.ReLU(),
    nn.Conv2d(32, 32, kernel_size=3), nn.ReLU(),
    nn.MaxPool2d(kernel_size=2), nn.Flatten(),
    nn.Linear(32 * 14 * 14, n_hidden), nn.ReLU(),
    nn.Linear(n_hidden, n_output))
'''
OTHER_CNN_FORWARD = '''
return self.layers(x)
'''


def replaced(filename, function, code, indent=4):
    return (filename, reference_block(filename, function), body(code, indent))


COURSE_STYLE = (
    replaced(H, "torch_seed", COURSE_SEED), replaced(H, "eval_loss", COURSE_EVAL_LOSS),
    replaced(H, "fit", COURSE_FIT), replaced(H, "evaluate_history", COURSE_EVALUATE_HISTORY),
    replaced(H, "show_images_labels", COURSE_SHOW_IMAGES_LABELS),
    replaced(D, "make_transforms", COURSE_TRANSFORMS),
)


def model_patches(net_init, net_forward, cnn_init, cnn_forward):
    """The four solution blocks of models.py (Net's, then CNN's), replaced in order."""
    text = (SOLUTIONS / M).read_text(encoding="utf-8")
    blocks = re.findall(r"[ ]*# BEGIN SOLUTION\n.*?# END SOLUTION\n", text, re.S)
    return tuple((M, block, body(code, 8))
                 for block, code in zip(blocks, (net_init, net_forward, cnn_init, cnn_forward)))


FIT_LOOP = "    for epoch in range(first_epoch + 1, first_epoch + num_epochs + 1):\n"
TRAIN_SUM = "            train_loss += loss.item() * len(labels)\n"
EVAL_LOSS_MOVE = "    inputs, labels = inputs.to(device), labels.to(device)\n    return criterion"
FEATURES_END = "                                      self.maxpool)\n"

VARIANTS = [
    # the course text's own torch_seed
    mistake("ch09", "use_deterministic_algorithms_assigned",
            (H, "    torch.use_deterministic_algorithms(True, warn_only=True)\n",
             "    torch.use_deterministic_algorithms = True\n"),
            fails="check_torch_seed", says="replaces torch's function by the value True"),
    mistake("ch09", "seed_written_in",
            (H, "    torch.manual_seed(seed)\n    torch.cuda", "    torch.manual_seed(123)\n"
                                                               "    torch.cuda"),
            fails="check_torch_seed", says="seeds with 123 whatever seed it is given"),
    mistake("ch09", "eval_loss_without_graph",
            (H, "    return criterion(net(inputs), labels)\n",
             "    with torch.no_grad():\n        return criterion(net(inputs), labels)\n"),
            fails="check_eval_loss", says="no torch.no_grad()"),
    mistake("ch09", "eval_loss_labels_left_behind",
            (H, EVAL_LOSS_MOVE, "    inputs = inputs.to(device)\n    return criterion"),
            fails="check_eval_loss_moves_batch_to_device", says="the labels (labels.to(device))"),
    mistake("ch09", "fit_restarts_epoch_count",
            (H, FIT_LOOP, "    for epoch in range(1, num_epochs + 1):\n"),
            fails="check_fit_continues_history", says="starts the count again at 1"),
    mistake("ch09", "fit_without_train_and_eval_modes",
            (H, "        net.train()\n", ""),
            (H, "        net.eval()\n        val_loss", "        val_loss"),
            fails="check_fit_modes", says="net.train() before the training batches"),
    mistake("ch09", "fit_averages_batches_unweighted",
            (H, TRAIN_SUM, "            train_loss += loss.item()\n"),
            (H, "row = [epoch, train_loss / n_train,",
             "row = [epoch, train_loss / len(train_loader),"),
            fails="check_fit_history", says="not over its batches"),
    mistake("ch09", "validation_curves_show_training_columns",
            (H, '        axes.plot(epochs, history[:, val], "k", label="validation")\n',
             '        axes.plot(epochs, history[:, train], "k", label="validation")\n'),
            fails="check_evaluate_history", says="the validation loss curve shows column 1"),
    # only the hidden check gives a history that does not start at epoch 1
    mistake("ch09", "curves_against_a_count_of_their_own",
            (H, "    epochs = history[:, 0]\n", "    epochs = np.arange(1, len(history) + 1)\n"),
            fails="check_evaluate_history_of_continued_run",
            says="not drawn against the epoch column"),
    mistake("ch09", "images_shown_in_minus_one_to_one",
            (H, "        axes.imshow((image + 1) / 2)\n", "        axes.imshow(image)\n"),
            fails="check_show_images_labels", says="show (x + 1) / 2, which puts them back"),
    mistake("ch09", "flatten_size_wrong",
            (M, "self.l1 = nn.Linear(32 * 14 * 14, n_hidden)",
             "self.l1 = nn.Linear(32 * 15 * 15, n_hidden)"),
            fails=("check_cnn", "check_cnn_layer_shapes"), says="32 * 14 * 14 = 6272"),
    mistake("ch09", "two_poolings",
            (M, FEATURES_END, "                                      self.maxpool, "
                              "self.maxpool)\n"),
            (M, "self.l1 = nn.Linear(32 * 14 * 14, n_hidden)",
             "self.l1 = nn.Linear(32 * 7 * 7, n_hidden)"),
            fails="check_cnn_layer_shapes", says="a second pooling halves the image again"),
    mistake("ch09", "softmax_at_the_end_of_cnn",
            (M, "        return self.classifier(self.flatten(self.features(x)))\n",
             "        scores = self.classifier(self.flatten(self.features(x)))\n"
             "        return nn.functional.softmax(scores, dim=1)\n"),
            fails="check_cnn", says="return the last Linear layer's raw scores"),
    alternative("ch09", "written_as_the_course_writes_it", *COURSE_STYLE,
                *model_patches(COURSE_NET_INIT, COURSE_NET_FORWARD, COURSE_CNN_INIT,
                               COURSE_CNN_FORWARD)),
    alternative("ch09", "sequential_models_and_subplots",
                replaced(H, "torch_seed", OTHER_SEED), replaced(H, "eval_loss", OTHER_EVAL_LOSS),
                replaced(H, "fit", OTHER_FIT),
                replaced(H, "evaluate_history", OTHER_EVALUATE_HISTORY),
                replaced(H, "show_images_labels", OTHER_SHOW_IMAGES_LABELS),
                *model_patches(OTHER_NET_INIT, OTHER_NET_FORWARD, OTHER_CNN_INIT,
                               OTHER_CNN_FORWARD)),
]
