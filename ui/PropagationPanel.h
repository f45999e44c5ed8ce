#pragma once
// Propagation dock: engine and settings, Start and Cancel, progress with fps and time
// left. Results arrive frame by frame (resultReady) for the viewer and the plots.
#include <QImage>
#include <QWidget>
#include <map>

#include "ui/ClipSession.h"
#include "ui/PropagationWorker.h"
#include "ui/ResultFrames.h"

class QComboBox;
class QLineEdit;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace restyle::ui {

class PropagationPanel : public QWidget {
    Q_OBJECT
  public:
    // The per-frame metrics CSV written beside a result.
    static QString metricsFor(const QString& result);
    PropagationPanel(ClipSession* session, QWidget* parent = nullptr);

    PropagationWorker& worker() { return worker_; }
    bool running() const { return worker_.running(); }
    // The job the panel would run for the session's clip, writing `output`.
    Job makeJob(const QString& input, const QString& output, bool forAnotherClip) const;
    QString lastOutput() const { return lastOutput_; }
    // What the result was made from (recipe text) and the clip frame its first frame shows.
    const std::string& lastRecipe() const { return result_.recipe; }
    int64_t lastFirst() const { return result_.first; }
    // From a project: the open clip's earlier result, made from `recipe` (empty: not known,
    // so it shows as outdated until a run replaces it).
    void setLastOutput(const QString& output, const std::string& recipe, int64_t first);
    void applySettings(const PropagationSettings& settings);
    // A result frame: of the run in progress, or decoded from the finished result (null while
    // it is decoded: resultAvailable follows).
    QImage result(qint64 frame) const;
    // Keyframes, editor or settings changed since the result was made.
    bool resultOutdated() const { return outdated_; }

  public Q_SLOTS:
    void start();
    void cancel();
    // The frame under the playhead in the style the few-shot engine learns (trains first).
    void tryLearnedStyle();

  Q_SIGNALS:
    void started();
    void resultReady(qint64 frame, const QImage& image, double warpError, double reliable,
                     double ms);
    // `ok` only when the result belongs to the clip open now.
    void done(bool ok, const QString& message, const QString& output);
    void progressChanged(int percent);           // -1: no run
    void resultAvailable(qint64 frame);          // decoded from the finished result
    void resultRestored(const QString& output);  // an earlier run's result (a project)
    // tryLearnedStyle's frame; frame -1 retires the one shown (settings changed, a run began).
    void styleTried(qint64 frame, const QImage& image);

  private:
    std::string recipe() const;  // what the result depends on, as text
    void showOutdated();
    void runStarted(const QString& status);  // buttons, bar and status while a task runs
    void connectTryStyle();

    ClipSession* session_;
    PropagationWorker worker_;
    QComboBox* engine_;
    QLineEdit* prompt_;
    QSpinBox* trainSeconds_;
    QComboBox* flow_;
    QDoubleSpinBox* temporal_;
    QSpinBox* maxSide_;
    QPushButton* start_;
    QPushButton* tryStyle_;
    QPushButton* cancel_;
    QProgressBar* bar_;
    QLabel* status_;
    void giveBackKeptResult(const QString& why);

    QString lastOutput_;  // the open clip's result, or empty
    // The result and what it was made from, as the run that replaces it starts: a canceled
    // or failed run gives it back.
    struct KeptResult {
        QString output;
        std::string recipe;
        int64_t first = 0;
    };
    KeptResult result_, kept_;
    QString runInput_;       // the clip of the latest run
    std::string runRecipe_;  // and what it was made from
    int64_t runFirst_ = 0;   // its first frame (the result file's frame 0)
    int64_t runFrames_ = 0;  // frames in its range (a lead-in from a keyframe before is extra)
    ResultFrames results_;
    bool outdated_ = false;  // keyframes or settings changed since the result was made
};

}  // namespace restyle::ui
