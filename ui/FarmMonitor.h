#pragma once
// The batch queue's render-farm panel: "Send to farm" plans a job into keyframe segments and
// submits them with their join to Slurm (core/farm); each submitted job gets a row showing
// the join's state as Slurm reports it (squeue, sacct, scontrol), polled in the background.
// When the join completes, the row shows the output and outputReady() fires; when it fails,
// the row shows the join's message (it names the failed segment). Submitting the same job
// again runs only its missing segments. Planning, sbatch and the state queries run on
// worker threads: the GUI never waits on the cluster.
#include <QLineEdit>
#include <QListWidget>
#include <QTimer>
#include <QWidget>
#include <functional>
#include <optional>

#include "jobs/Job.h"

class QPushButton;

namespace restyle::ui {

class FarmMonitor : public QWidget {
    Q_OBJECT
  public:
    // Whether Slurm's sbatch is on PATH: only then does the queue offer the farm.
    static bool available();
    // "Send to farm": sends the job `selected` gives (none: nothing). Hidden, as this monitor
    // is, where Slurm is not available.
    QPushButton* makeSendButton(QWidget* parent, std::function<std::optional<Job>()> selected);
    // `cli`: restyle-cli as the cluster's nodes run it; default: $RESTYLE_CLI, else the one
    // beside this program.
    explicit FarmMonitor(QWidget* parent = nullptr, QString cli = {});

    void send(const Job& job);
    QListWidget* list() const { return list_; }
    void setPollInterval(int ms) { poll_.setInterval(ms); }

  Q_SIGNALS:
    void outputReady(const QString& path);

  private:
    struct Row {
        QString name, output, farmDir, joinId, state, error;
        bool final = false;
    };
    void poll();
    void show(int row);

    QString cli_;
    QLineEdit* partition_;
    QLineEdit* gres_;
    QListWidget* list_;
    QTimer poll_;
    std::vector<Row> rows_;
    bool polling_ = false;
};

}  // namespace restyle::ui
