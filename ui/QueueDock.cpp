#include "ui/QueueDock.h"

#include <QDir>
#include <QDirIterator>
#include <QDragEnterEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QStandardPaths>
#include <QVBoxLayout>

#include "ui/FarmMonitor.h"

namespace restyle::ui {

namespace {

const QStringList kVideoSuffixes = {"mp4",  "mov", "mkv", "avi", "webm", "m4v", "mpg",
                                    "mpeg", "ts",  "mts", "wmv", "flv",  "ogv"};

QString describe(const QueueEntry& e) {
    const QString name = QFileInfo(QString::fromStdString(e.job.input)).fileName();
    QString state = QString::fromStdString(jobStateName(e.state));
    if (e.state == JobState::Running) state += QString(" %1%").arg(int(e.percent));
    QString text = QString("%1 — %2").arg(name, state);
    if (e.state == JobState::Failed) text += ": " + QString::fromStdString(e.error);
    return text;
}

}  // namespace

QString QueueDock::defaultQueueFile() {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return dir + "/queue.json";
}

QueueDock::QueueDock(const QString& queueFile, std::function<Job(const QString&)> makeJob,
                     QWidget* parent)
    : QWidget(parent), queue_(queueFile.toStdString()), makeJob_(std::move(makeJob)) {
    setAcceptDrops(true);
    auto* v = new QVBoxLayout(this);
    list_ = new QListWidget(this);
    list_->setObjectName("queueList");
    list_->setDragDropMode(QAbstractItemView::InternalMove);
    list_->setSelectionMode(QAbstractItemView::SingleSelection);
    list_->setToolTip(tr("Drop clips or folders here to queue them with the current recipe"));
    v->addWidget(list_);
    // What loading the queue file set aside, or why it cannot be saved (JobQueue::warnings).
    warnings_ = new QLabel(this);
    warnings_->setObjectName("queueWarnings");
    warnings_->setWordWrap(true);
    warnings_->setStyleSheet("color: #c83228");
    v->addWidget(warnings_);
    auto* h = new QHBoxLayout();
    runButton_ = new QPushButton(tr("Run queue"), this);
    auto* remove = new QPushButton(tr("Remove"), this);
    auto* retry = new QPushButton(tr("Retry"), this);
    h->addWidget(runButton_);
    h->addWidget(remove);
    h->addWidget(retry);
    v->addLayout(h);
    connect(runButton_, &QPushButton::clicked, this, [this] {
        if (runnerActive_)
            stopRunner();
        else
            startRunner();
    });
    auto selectedId = [this]() -> std::string {
        auto* item = list_->currentItem();
        return item ? item->data(Qt::UserRole).toString().toStdString() : std::string();
    };
    connect(remove, &QPushButton::clicked, this, [this, selectedId] {
        try {
            queue_.remove(selectedId());
        } catch (const std::exception& e) {
            list_->setToolTip(QString::fromStdString(e.what()));
        }
        refresh();
    });
    connect(retry, &QPushButton::clicked, this, [this, selectedId] {
        queue_.retry(selectedId());
        refresh();
    });
    // Render farm: the selected job planned into segments and submitted to Slurm.
    auto* farm = new FarmMonitor(this);
    auto* toFarm = new QPushButton(tr("Send to farm"), this);
    toFarm->setObjectName("sendToFarm");
    h->addWidget(toFarm);
    v->addWidget(farm);
    connect(toFarm, &QPushButton::clicked, this, [this, farm, selectedId] {
        if (const auto e = queue_.entry(selectedId())) farm->send(e->job);
    });
    connect(list_->model(), &QAbstractItemModel::rowsMoved, this, [this] {
        if (!refreshing_) afterReorder();
    });
    poll_.setInterval(300);
    connect(&poll_, &QTimer::timeout, this, [this] {
        refresh();
        if (!runnerActive_) {
            if (runner_.joinable()) runner_.join();
            poll_.stop();
            runButton_->setText(tr("Run queue"));
        }
    });
    refresh();
}

QueueDock::~QueueDock() {
    stopRunner();
}

int QueueDock::addPaths(const QStringList& paths) {
    int added = 0;
    for (const QString& p : paths) {
        QStringList clips;
        if (QFileInfo(p).isDir()) {
            QDirIterator it(p, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString f = it.next();
                if (kVideoSuffixes.contains(QFileInfo(f).suffix().toLower())) clips << f;
            }
            clips.sort();
        } else {
            clips << p;
        }
        for (const QString& c : clips) {
            queue_.add(makeJob_(c));
            ++added;
        }
    }
    refresh();
    return added;
}

void QueueDock::dragEnterEvent(QDragEnterEvent* e) {
    if (e->mimeData()->hasUrls()) e->acceptProposedAction();
}

void QueueDock::dropEvent(QDropEvent* e) {
    if (handleDrop(e->mimeData()) > 0) e->acceptProposedAction();
}

int QueueDock::handleDrop(const QMimeData* mime) {
    QStringList paths;
    for (const QUrl& u : mime->urls())
        if (u.isLocalFile()) paths << u.toLocalFile();
    return addPaths(paths);
}

void QueueDock::refresh() {
    const auto entries = queue_.entries();
    refreshing_ = true;  // rebuilding the rows is not a user reorder
    const QString current =
        list_->currentItem() ? list_->currentItem()->data(Qt::UserRole).toString() : QString();
    list_->clear();
    for (const auto& e : entries) {
        auto* item = new QListWidgetItem(describe(e), list_);
        item->setData(Qt::UserRole, QString::fromStdString(e.id));
        item->setToolTip(QString::fromStdString(e.job.input + " → " + e.job.output +
                                                (e.error.empty() ? "" : "\n" + e.error)));
        if (e.state == JobState::Failed) item->setForeground(QColor(200, 50, 40));
        if (e.state == JobState::Done) item->setForeground(QColor(40, 140, 60));
        if (item->data(Qt::UserRole).toString() == current) list_->setCurrentItem(item);
    }
    refreshing_ = false;
    QStringList problems;
    for (const auto& w : queue_.warnings())
        problems << QString::fromStdString(w);
    warnings_->setText(problems.join("\n"));
    warnings_->setVisible(!problems.isEmpty());
}

void QueueDock::afterReorder() {
    // Apply the list's new order to the queue, then show the queue's truth.
    for (int row = 0; row < list_->count(); ++row)
        queue_.move(list_->item(row)->data(Qt::UserRole).toString().toStdString(), size_t(row));
    refresh();
}

void QueueDock::startRunner() {
    if (runnerActive_) return;
    if (runner_.joinable()) runner_.join();
    stop_ = std::stop_source();
    runnerActive_ = true;
    const std::stop_token token = stop_.get_token();
    runner_ = std::thread([this, token] {
        while (!token.stop_requested() && queue_.runNext({}, token)) {
        }
        runnerActive_ = false;
    });
    runButton_->setText(tr("Stop queue"));
    poll_.start();
}

void QueueDock::stopRunner() {
    stop_.request_stop();
    if (runner_.joinable()) runner_.join();
    runnerActive_ = false;
    refresh();
}

}  // namespace restyle::ui
