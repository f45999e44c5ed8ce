#include "ui/FarmMonitor.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <filesystem>

#include "farm/SlurmSubmitter.h"

namespace fs = std::filesystem;

namespace restyle::ui {

namespace {

struct Submitted {
    QString joinId, error;
};

// Plans `job` into NAME.farm beside its output (its job file kept there too) and submits it.
Submitted submit(Job job, SlurmOptions options) {
    try {
        const fs::path output(job.output);
        const fs::path dir = output.parent_path() / (output.stem().string() + ".farm");
        fs::create_directories(dir);
        job.save((dir / (output.stem().string() + ".job.json")).string());
        const Plan plan = planSegments(job, dir.string(), 0);
        return {QString::fromStdString(submitToSlurm(plan, options).joinJobId), {}};
    } catch (const std::exception& e) {
        return {{}, QString::fromStdString(e.what())};
    }
}

bool isFinal(const QString& state) {
    return state.startsWith("COMPLETED") || state.startsWith("FAILED") ||
           state.startsWith("CANCELLED") || state.startsWith("TIMEOUT") ||
           state.startsWith("OUT_OF_MEMORY") || state.startsWith("NODE_FAIL");
}

// The last line the join wrote: on failure it names the segment.
QString lastLogLine(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    const QStringList lines = QString::fromUtf8(f.readAll()).trimmed().split('\n');
    return lines.isEmpty() ? QString() : lines.last().trimmed();
}

}  // namespace

bool FarmMonitor::available() {
    return !QStandardPaths::findExecutable("sbatch").isEmpty();
}

FarmMonitor::FarmMonitor(QWidget* parent, QString cli) : QWidget(parent), cli_(std::move(cli)) {
    if (cli_.isEmpty()) cli_ = qEnvironmentVariable("RESTYLE_CLI");
    if (cli_.isEmpty()) cli_ = QCoreApplication::applicationDirPath() + "/restyle-cli";
    QSettings settings;
    auto* v = new QVBoxLayout(this);
    v->setContentsMargins(0, 0, 0, 0);
    auto* form = new QFormLayout();
    partition_ = new QLineEdit(settings.value("farm/partition").toString(), this);
    partition_->setToolTip(
        tr("Slurm partition for the segments and the join (empty: the default)"));
    partition_->setPlaceholderText(tr("cluster default"));
    gres_ = new QLineEdit(settings.value("farm/gres").toString(), this);
    gres_->setToolTip(tr("Generic resources for each segment task, e.g. gpu:1 (empty: none)"));
    gres_->setPlaceholderText(tr("none, e.g. gpu:1"));
    form->addRow(tr("Slurm partition"), partition_);
    form->addRow(tr("GPUs per segment (--gres)"), gres_);
    v->addLayout(form);
    list_ = new QListWidget(this);
    list_->setObjectName("farmList");
    list_->setToolTip(tr("Jobs sent to the farm and their state in Slurm"));
    list_->hide();  // until a job is sent
    v->addWidget(list_);
    setVisible(available());  // artists without a cluster see no farm controls
    poll_.setInterval(5000);
    connect(&poll_, &QTimer::timeout, this, &FarmMonitor::poll);
}

QPushButton* FarmMonitor::makeSendButton(QWidget* parent,
                                         std::function<std::optional<Job>()> selected) {
    auto* button = new QPushButton(tr("Send to farm"), parent);
    button->setObjectName("sendToFarm");
    button->setToolTip(
        tr("Split the selected job at its keyframes and run it on the Slurm "
           "cluster; the output appears when the join ends"));
    button->setVisible(available());
    connect(button, &QPushButton::clicked, this, [this, selected] {
        if (const auto job = selected()) send(*job);
    });
    return button;
}

void FarmMonitor::send(const Job& job) {
    QSettings settings;
    settings.setValue("farm/partition", partition_->text());
    settings.setValue("farm/gres", gres_->text());
    SlurmOptions options;
    options.cli = cli_.toStdString();
    options.partition = partition_->text().trimmed().toStdString();
    options.gres = gres_->text().trimmed().toStdString();
    const fs::path output(job.output);
    Row row;
    row.name = QFileInfo(QString::fromStdString(job.input)).fileName();
    row.output = QString::fromStdString(job.output);
    row.farmDir = QString::fromStdString(
        (output.parent_path() / (output.stem().string() + ".farm")).string());
    row.state = tr("submitting");
    rows_.push_back(row);
    const int index = int(rows_.size()) - 1;
    list_->addItem(QString());
    list_->show();
    show(index);
    auto* watcher = new QFutureWatcher<Submitted>(this);
    connect(watcher, &QFutureWatcher<Submitted>::finished, this, [this, watcher, index] {
        const Submitted s = watcher->result();
        watcher->deleteLater();
        Row& r = rows_[size_t(index)];
        r.joinId = s.joinId;
        r.error = s.error;
        r.state = s.error.isEmpty() ? tr("PENDING") : tr("not submitted");
        r.final = !s.error.isEmpty();
        show(index);
        if (!r.final && !poll_.isActive()) poll_.start();
    });
    watcher->setFuture(QtConcurrent::run(submit, job, options));
}

void FarmMonitor::poll() {
    if (polling_) return;  // the previous round is still asking Slurm
    QStringList ids;
    std::vector<int> which;
    for (size_t i = 0; i < rows_.size(); ++i)
        if (!rows_[i].final && !rows_[i].joinId.isEmpty()) {
            ids << rows_[i].joinId;
            which.push_back(int(i));
        }
    if (ids.isEmpty()) {
        poll_.stop();
        return;
    }
    polling_ = true;
    auto* watcher = new QFutureWatcher<QStringList>(this);
    connect(watcher, &QFutureWatcher<QStringList>::finished, this, [this, watcher, which] {
        const QStringList states = watcher->result();
        watcher->deleteLater();
        polling_ = false;
        for (size_t k = 0; k < which.size() && k < size_t(states.size()); ++k) {
            Row& r = rows_[size_t(which[k])];
            r.state = states[int(k)];
            r.final = isFinal(r.state);
            const QString stem = QFileInfo(r.output).completeBaseName();
            if (r.state.startsWith("FAILED"))
                r.error = lastLogLine(r.farmDir + "/" + stem + ".join.log");
            show(which[k]);
            if (r.state.startsWith("COMPLETED") && QFileInfo::exists(r.output))
                Q_EMIT outputReady(r.output);
        }
    });
    watcher->setFuture(QtConcurrent::run([ids] {
        QStringList states;
        for (const QString& id : ids)
            states << QString::fromStdString(slurmJobState(id.toStdString()));
        return states;
    }));
}

void FarmMonitor::show(int index) {
    const Row& r = rows_[size_t(index)];
    QString text = r.name + " — " + r.state;
    if (!r.joinId.isEmpty()) text += tr(" (join job %1)").arg(r.joinId);
    if (r.state.startsWith("COMPLETED")) text += ": " + r.output;
    if (!r.error.isEmpty()) text += ": " + r.error;
    list_->item(index)->setText(text);
    list_->item(index)->setToolTip(r.farmDir);
}

}  // namespace restyle::ui
