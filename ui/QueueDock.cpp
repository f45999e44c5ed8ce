#include "ui/QueueDock.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QStandardPaths>
#include <QVBoxLayout>
#include <csignal>

#include "ui/ClipPaths.h"
#include "ui/FarmMonitor.h"
#include "ui/JobScheduler.h"
#include "ui/QueueRows.h"

namespace restyle::ui {

namespace {

// A queue file that cannot be read is kept aside (never lost) and the queue starts empty.
std::unique_ptr<JobQueue> loadQueue(const QString& file, QStringList& warnings) {
    try {
        return std::make_unique<JobQueue>(file.toStdString());
    } catch (const std::exception& e) {
        const QString aside = file + ".unreadable";
        QFile::remove(aside);
        QFile::rename(file, aside);
        warnings << QObject::tr("%1 (kept as %2; the queue starts empty)")
                        .arg(QString::fromStdString(e.what()), aside);
        return std::make_unique<JobQueue>(file.toStdString());
    }
}

}  // namespace

QString QueueDock::defaultQueueFile() {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return dir + "/queue.json";
}

QString QueueDock::cliProgram() {
    if (const QString env = qEnvironmentVariable("RESTYLE_CLI"); !env.isEmpty()) return env;
    const QString here = QCoreApplication::applicationDirPath();
    for (const QString& candidate : {here + "/restyle-cli", here + "/../app/restyle-cli"})
        if (QFileInfo(candidate).isExecutable()) return QFileInfo(candidate).absoluteFilePath();
    return QStandardPaths::findExecutable("restyle-cli");
}

QueueDock::QueueDock(const QString& queueFile, std::function<Job(const QString&)> makeJob,
                     QWidget* parent)
    : QWidget(parent), queue_(loadQueue(queueFile, warnings_)), makeJob_(std::move(makeJob)) {
    setAcceptDrops(true);
    auto* v = new QVBoxLayout(this);
    list_ = new QListWidget(this);
    list_->setObjectName("queueList");
    list_->setDragDropMode(QAbstractItemView::InternalMove);
    list_->setSelectionMode(QAbstractItemView::SingleSelection);
    list_->setToolTip(
        tr("Queued clips, restyled with the recipe they were queued with. Drop "
           "clips or folders here; drag rows to reorder"));
    v->addWidget(list_);
    // What loading the queue file set aside, or why it cannot be saved (JobQueue::warnings).
    warningLabel_ = new QLabel(this);
    warningLabel_->setObjectName("queueWarnings");
    warningLabel_->setWordWrap(true);
    warningLabel_->setStyleSheet("color: #c83228");
    v->addWidget(warningLabel_);
    auto* h = new QHBoxLayout();
    auto* add = new QPushButton(tr("Add…"), this);
    add->setObjectName("queueAdd");
    add->setToolTip(
        tr("Queue clips with the current recipe (File > Add to queue…): other clips take the "
           "first editor keyframe; a painted keyframe belongs to its own clip"));
    runButton_ = new QPushButton(tr("Run queue"), this);
    runButton_->setObjectName("queueRun");
    runButton_->setToolTip(tr("Run the queued jobs one after another, in the background"));
    auto* remove = new QPushButton(tr("Remove"), this);
    remove->setToolTip(tr("Remove the selected job from the queue"));
    auto* retry = new QPushButton(tr("Retry"), this);
    retry->setToolTip(tr("Queue the selected failed or canceled job again"));
    for (auto* b : {add, runButton_, remove, retry})
        h->addWidget(b);
    v->addLayout(h);
    message_ = new QLabel(this);
    message_->setObjectName("queueMessage");
    message_->setWordWrap(true);
    v->addWidget(message_);
    connect(add, &QPushButton::clicked, this, &QueueDock::addFromDialog);
    connect(runButton_, &QPushButton::clicked, this, [this] {
        if (active_)
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
            queue_->remove(selectedId());
        } catch (const std::exception& e) {
            say(QString::fromStdString(e.what()));
        }
        refresh();
    });
    connect(retry, &QPushButton::clicked, this, [this, selectedId] {
        queue_->retry(selectedId());
        refresh();
    });
    // Render farm: the selected job planned into segments and submitted to Slurm.
    auto* farm = new FarmMonitor(this);
    h->addWidget(farm->makeSendButton(this, [this, selectedId]() -> std::optional<Job> {
        if (const auto e = queue_->entry(selectedId())) return e->job;
        return std::nullopt;
    }));
    v->addWidget(farm);
    connect(list_->model(), &QAbstractItemModel::rowsMoved, this, [this] {
        if (!refreshing_) afterReorder();
    });
    connect(&JobScheduler::instance(), &JobScheduler::busyChanged, this, [this](bool busy) {
        if (!active_) return;
        if (child_)
            pauseChild(busy);
        else if (!busy)
            runNextJob();
    });
    if (!warnings_.isEmpty()) say(warnings_.join("\n"));
    refresh();
    QMetaObject::invokeMethod(this, &QueueDock::resumeIfInterrupted, Qt::QueuedConnection);
}

QueueDock::~QueueDock() {
    shutdown();
}

QString QueueDock::message() const {
    return message_->text();
}

void QueueDock::say(const QString& text) {
    message_->setText(text);
}

QString QueueDock::uniqueOutput(const QString& wanted) const {
    QSet<QString> taken;
    for (const auto& e : queue_->entries())
        taken.insert(QFileInfo(QString::fromStdString(e.job.output)).absoluteFilePath());
    const QFileInfo fi(wanted);
    QString candidate = fi.absoluteFilePath();
    for (int n = 2; taken.contains(candidate) || QFileInfo::exists(candidate); ++n)
        candidate =
            fi.absolutePath() + "/" + fi.completeBaseName() + QString("-%1.").arg(n) + fi.suffix();
    return candidate;
}

int QueueDock::addPaths(const QStringList& paths) {
    int added = 0;
    for (const QString& p : paths) {
        for (const QString& c : clipsAt(p)) {
            try {
                Job job = makeJob_(QFileInfo(c).absoluteFilePath());
                job.output = uniqueOutput(QString::fromStdString(job.output)).toStdString();
                queue_->add(job);
                ++added;
            } catch (const std::exception& e) {
                say(QString::fromStdString(e.what()));
            }
        }
    }
    if (added > 0) {
        const QString what = added == 1 ? tr("1 clip") : tr("%1 clips").arg(added);
        say(tr("%1 queued with: %2. Run queue starts them.")
                .arg(what, recipeSummary(queue_->entries().back().job)));
    }
    refresh();
    return added;
}

void QueueDock::addFromDialog() {
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Add clips to the queue"), QString(),
        tr("Videos (*.mp4 *.mov *.mkv *.avi *.webm *.m4v *.mpg *.ts *.wmv);;All files (*)"));
    if (!files.isEmpty()) addPaths(files);
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
    const auto entries = queue_->entries();
    refreshing_ = true;  // rebuilding the rows is not a user reorder
    const QString current =
        list_->currentItem() ? list_->currentItem()->data(Qt::UserRole).toString() : QString();
    list_->clear();
    for (const auto& e : entries) {
        auto* item = new QListWidgetItem(queueRowText(e), list_);
        item->setData(Qt::UserRole, QString::fromStdString(e.id));
        item->setToolTip(queueRowTooltip(e));
        if (e.state == JobState::Failed) item->setForeground(QColor(220, 70, 60));
        if (e.state == JobState::Done) item->setForeground(QColor(60, 170, 90));
        if (item->data(Qt::UserRole).toString() == current) list_->setCurrentItem(item);
    }
    refreshing_ = false;
    QStringList problems = warnings_;
    for (const auto& w : queue_->warnings())
        problems << QString::fromStdString(w);
    warningLabel_->setText(problems.join("\n"));
    warningLabel_->setVisible(!problems.isEmpty());
}

void QueueDock::afterReorder() {
    // Apply the list's new order to the queue, then show the queue's truth.
    for (int row = 0; row < list_->count(); ++row)
        queue_->move(list_->item(row)->data(Qt::UserRole).toString().toStdString(), size_t(row));
    refresh();
}

void QueueDock::startRunner() {
    if (active_) return;
    const auto entries = queue_->entries();
    const bool any = std::any_of(entries.begin(), entries.end(),
                                 [](const QueueEntry& e) { return e.state == JobState::Queued; });
    if (!any) {
        say(entries.empty() ? tr("The queue is empty: add clips first (Add…).")
                            : tr("No job is queued: select a failed or canceled job and press "
                                 "Retry to run it again."));
        return;
    }
    setActive(true);
    runNextJob();
}

void QueueDock::runNextJob() {
    if (!active_ || child_) return;
    if (JobScheduler::instance().busy()) {
        say(tr("Waiting: your propagation or export runs first."));
        return;
    }
    const auto next = queue_->takeNext();
    if (!next) {
        setActive(false);
        say(tr("The queue has finished."));
        Q_EMIT progressChanged(-1);
        refresh();
        return;
    }
    const QString program = cliProgram();
    if (program.isEmpty()) {
        queue_->finish(next->id, JobState::Failed, "restyle-cli was not found next to Restyle");
        setActive(false);
        say(tr("restyle-cli was not found next to Restyle or on PATH: the queue cannot run."));
        refresh();
        return;
    }
    const QString jobDir =
        QFileInfo(QString::fromStdString(queue_->file())).absolutePath() + "/jobs";
    QDir().mkpath(jobDir);
    const QString jobFile = jobDir + "/" + QString::fromStdString(next->id) + ".json";
    try {
        next->job.save(jobFile.toStdString());
    } catch (const std::exception& e) {
        queue_->finish(next->id, JobState::Failed, e.what());
        refresh();
        QMetaObject::invokeMethod(this, &QueueDock::runNextJob, Qt::QueuedConnection);
        return;
    }
    childId_ = next->id;
    childErrors_.clear();
    child_ = new QProcess(this);
    connect(child_, &QProcess::readyReadStandardOutput, this, &QueueDock::readProgress);
    connect(child_, &QProcess::readyReadStandardError, this, [this] {
        childErrors_ += QString::fromLocal8Bit(child_->readAllStandardError());
        childErrors_ = childErrors_.right(4000);
    });
    connect(child_, &QProcess::finished, this, &QueueDock::childEnded);
    child_->start(program, {"run", jobFile, "--progress"});
    say(tr("Running %1").arg(QFileInfo(QString::fromStdString(next->job.input)).fileName()));
    Q_EMIT progressChanged(0);
    refresh();
}

void QueueDock::readProgress() {
    while (child_ && child_->canReadLine()) {
        const QString line = QString::fromLocal8Bit(child_->readLine()).trimmed();
        if (!line.startsWith("PROGRESS ")) continue;
        const double percent = line.mid(9).toDouble();
        queue_->setPercent(childId_, percent);
        Q_EMIT progressChanged(int(percent));
    }
    refresh();
}

void QueueDock::childEnded(int code, QProcess::ExitStatus status) {
    if (!child_) return;
    childErrors_ += QString::fromLocal8Bit(child_->readAllStandardError());
    if (status == QProcess::NormalExit && code == 0) {
        endChild(JobState::Done);
    } else if (status == QProcess::NormalExit && code == 130) {
        endChild(JobState::Canceled);
    } else {
        QString error = childErrors_.trimmed().section('\n', -1).trimmed();
        if (status != QProcess::NormalExit || error.isEmpty())
            error = tr("the job process ended abnormally (exit %1)").arg(code);
        queue_->finish(childId_, JobState::Failed, error.toStdString());
        endChild(JobState::Failed);
    }
    runNextJob();
}

void QueueDock::endChild(JobState state) {
    if (state != JobState::Failed) queue_->finish(childId_, state);
    child_->deleteLater();
    child_ = nullptr;
    childId_.clear();
    paused_ = false;
    Q_EMIT progressChanged(-1);
    refresh();
}

void QueueDock::pauseChild(bool pause) {
    if (!child_ || pause == paused_ || child_->processId() <= 0) return;
    ::kill(pid_t(child_->processId()), pause ? SIGSTOP : SIGCONT);
    paused_ = pause;
    say(pause ? tr("Paused while your propagation or export runs.") : tr("Running again."));
}

void QueueDock::stopRunner() {
    setActive(false);
    if (!child_) return;
    // SIGTERM: the job stops cleanly and leaves no partial output (exit 130).
    pauseChild(false);
    child_->disconnect(this);
    child_->terminate();
    if (!child_->waitForFinished(10000)) child_->kill();
    endChild(JobState::Canceled);
    say(tr("Stopped; Retry queues the stopped job again."));
}

QString QueueDock::resumeMarker() const {
    return QString::fromStdString(queue_->file()) + ".resume";
}

// While the queue runs, a marker beside the queue file says so: after a crash (no shutdown())
// the next start finds it and runs the queue again, as after a quit.
void QueueDock::setActive(bool active) {
    active_ = active;
    runButton_->setText(active ? tr("Stop queue") : tr("Run queue"));
    if (!active) {
        QFile::remove(resumeMarker());
        return;
    }
    QFile marker(resumeMarker());
    if (marker.open(QIODevice::WriteOnly)) marker.close();
}

void QueueDock::shutdown() {
    if (!active_) return;
    const std::string id = childId_;
    stopRunner();
    if (!id.empty()) queue_->finish(id, JobState::Queued);
    // The queue was running: the next start runs it again without being asked.
    QFile marker(resumeMarker());
    if (marker.open(QIODevice::WriteOnly)) marker.close();
    refresh();
}

void QueueDock::resumeIfInterrupted() {
    if (!QFile::exists(resumeMarker())) return;
    QFile::remove(resumeMarker());
    startRunner();
    if (active_) say(tr("Resuming the queue that was running when Restyle last closed."));
}

}  // namespace restyle::ui
