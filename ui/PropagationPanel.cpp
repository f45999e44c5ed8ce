#include "ui/PropagationPanel.h"

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>

#include "flow/FlowEngine.h"
#include "ui/EngineChoice.h"

namespace restyle::ui {

PropagationPanel::PropagationPanel(ClipSession* session, QWidget* parent)
    : QWidget(parent), session_(session), worker_(this), results_(this) {
    auto* form = new QFormLayout(this);
    engine_ = new QComboBox(this);
    addEngineChoices(engine_);
    prompt_ = new QLineEdit(this);
    prompt_->setObjectName("diffusionPrompt");
    prompt_->setPlaceholderText(tr("prompt, e.g. a watercolor painting"));
    prompt_->setEnabled(false);
    connect(engine_, &QComboBox::currentIndexChanged, this, [this] {
        const QString e = engine_->currentData().toString();
        prompt_->setEnabled(choiceIsDiffusion(e));
        trainSeconds_->setEnabled(choiceLearnsStyle(e));
        tryStyle_->setEnabled(choiceLearnsStyle(e) && !worker_.running());
    });
    flow_ = new QComboBox(this);
    for (const auto& m : flowMethods())
        flow_->addItem(QString::fromStdString(m));
    flow_->setCurrentText("dis-fast");
    flow_->setToolTip(
        tr("Optical flow method: dis-fast is quick; deepflow and RAFT are more "
           "accurate and slower"));
    prompt_->setToolTip(tr("What the diffusion engine should paint (diffusion engines only)"));
    trainSeconds_ = new QSpinBox(this);
    trainSeconds_->setObjectName("styleTrainSeconds");
    trainSeconds_->setRange(2, 3600);
    trainSeconds_->setValue(60);
    trainSeconds_->setSuffix(tr(" s"));
    trainSeconds_->setEnabled(false);
    trainSeconds_->setToolTip(
        tr("Few-shot engine and learned fill: how long it learns each keyframe's look (longer: "
           "closer to the keyframes; the weights are cached, so a second run starts at once)"));
    temporal_ = new QDoubleSpinBox(this);
    temporal_->setRange(0, 1);
    temporal_->setSingleStep(0.05);
    temporal_->setValue(0.6);
    temporal_->setToolTip(tr("Flicker removal strength"));
    maxSide_ = new QSpinBox(this);
    maxSide_->setObjectName("maxSide");
    maxSide_->setRange(0, 8192);
    maxSide_->setSingleStep(64);
    maxSide_->setValue(0);
    maxSide_->setSpecialValueText(tr("source size"));
    maxSide_->setToolTip(tr("Process at most this many pixels on the longer side"));
    start_ = new QPushButton(tr("Propagate"), this);
    start_->setObjectName("propagateStart");
    start_->setToolTip(
        tr("Restyle the clip, or its in/out range (I, O), from the keyframes (Ctrl+Return)"));
    cancel_ = new QPushButton(tr("Cancel"), this);
    cancel_->setObjectName("propagateCancel");
    cancel_->setToolTip(tr("Stop the propagation; nothing half-written is kept (Esc)"));
    cancel_->setEnabled(false);
    tryStyle_ = new QPushButton(tr("Try learned style"), this);
    tryStyle_->setObjectName("tryLearnedStyle");
    tryStyle_->setEnabled(false);
    tryStyle_->setToolTip(
        tr("Few-shot engine and learned fill: show the frame under the playhead in the look it "
           "learns from the keyframes, before propagating (learns first; the run then reuses "
           "what it learnt) (Shift+T)"));
    auto* buttons = new QHBoxLayout();
    buttons->addWidget(start_);
    buttons->addWidget(tryStyle_);
    buttons->addWidget(cancel_);
    bar_ = new QProgressBar(this);
    bar_->setRange(0, 1000);
    bar_->setToolTip(tr("Propagation progress"));
    status_ = new QLabel(tr("Set a keyframe (or pick an editor), then Propagate."), this);
    status_->setWordWrap(true);
    form->addRow(tr("Engine"), engine_);
    form->addRow(tr("Prompt"), prompt_);
    form->addRow(tr("Training"), trainSeconds_);
    form->addRow(tr("Flow"), flow_);
    form->addRow(tr("Flicker removal"), temporal_);
    form->addRow(tr("Max side"), maxSide_);
    form->addRow(buttons);
    form->addRow(bar_);
    form->addRow(status_);

    // Remembered between sessions.
    QSettings settings;
    flow_->setCurrentText(settings.value("propagation/flow", flow_->currentText()).toString());
    temporal_->setValue(settings.value("propagation/temporal", temporal_->value()).toDouble());
    maxSide_->setValue(settings.value("propagation/maxSide", maxSide_->value()).toInt());
    trainSeconds_->setValue(settings.value("propagation/trainSeconds", 60).toInt());
    const int engine = engine_->findData(settings.value("propagation/engine").toString());
    if (engine >= 0) engine_->setCurrentIndex(engine);  // a model no longer installed: warp
    auto save = [this] {
        QSettings s;
        s.setValue("propagation/engine", engine_->currentData().toString());
        s.setValue("propagation/trainSeconds", trainSeconds_->value());
        s.setValue("propagation/flow", flow_->currentText());
        s.setValue("propagation/temporal", temporal_->value());
        s.setValue("propagation/maxSide", maxSide_->value());
    };
    connect(engine_, &QComboBox::currentIndexChanged, this, save);
    connect(trainSeconds_, &QSpinBox::valueChanged, this, save);
    connect(flow_, &QComboBox::currentTextChanged, this, save);
    connect(temporal_, &QDoubleSpinBox::valueChanged, this, save);
    connect(maxSide_, &QSpinBox::valueChanged, this, save);
    for (auto signal :
         {&ClipSession::keyframesChanged, &ClipSession::editorChanged, &ClipSession::paramsChanged})
        connect(session_, signal, this, &PropagationPanel::showOutdated);
    connect(flow_, &QComboBox::currentTextChanged, this, &PropagationPanel::showOutdated);
    connect(engine_, &QComboBox::currentIndexChanged, this, &PropagationPanel::showOutdated);
    connect(temporal_, &QDoubleSpinBox::valueChanged, this, &PropagationPanel::showOutdated);
    connect(maxSide_, &QSpinBox::valueChanged, this, &PropagationPanel::showOutdated);
    connect(session_, &ClipSession::rangeChanged, this, &PropagationPanel::showOutdated);
    connect(&results_, &ResultFrames::frameAvailable, this, &PropagationPanel::resultAvailable);

    connect(start_, &QPushButton::clicked, this, &PropagationPanel::start);
    connect(tryStyle_, &QPushButton::clicked, this, &PropagationPanel::tryLearnedStyle);
    connectTryStyle();
    connect(cancel_, &QPushButton::clicked, this, &PropagationPanel::cancel);
    // A new clip: the previous clip's run and results are not this clip's.
    connect(session_, &ClipSession::clipOpened, this, [this] {
        if (worker_.running()) worker_.cancel();
        results_.clear();
        lastOutput_.clear();
        result_ = kept_ = {};
        outdated_ = false;
        bar_->setValue(0);
        bar_->setFormat("%p%");
        showOutdated();
    });
    connect(&worker_, &PropagationWorker::progress, this,
            [this](qint64 done, qint64 total, double fps, double left, const QString& phase) {
                if (runInput_ != session_->path()) return;
                bar_->setValue(total > 0 ? int(1000 * done / total) : 0);
                Q_EMIT progressChanged(total > 0 ? int(100 * done / total) : 0);
                const QString eta = left >= 0 ? QDateTime::fromSecsSinceEpoch(qint64(left), Qt::UTC)
                                                    .toString(left >= 3600 ? "h:mm:ss" : "m:ss")
                                              : "…";
                if (phase == "training") {
                    const qint64 percent = total > 0 ? 100 * done / total : 0;
                    status_->setText(
                        percent >= 100 ? tr("Learnt the keyframes' look; drawing…")
                                       : tr("Learning the keyframes' look (training %1%) · %2 left")
                                             .arg(percent)
                                             .arg(eta));
                    return;
                }
                // Say how much of the count leads in from a keyframe before the in point.
                const qint64 leadIn = total - runFrames_;
                status_->setText(
                    tr("%1 / %2 frames%3 · %4 fps · %5 left")
                        .arg(done)
                        .arg(total)
                        .arg(leadIn > 0 ? tr(" (%1 of them lead in from the keyframe before the in "
                                             "point)")
                                              .arg(leadIn)
                                        : QString())
                        .arg(fps, 0, 'f', 1)
                        .arg(eta));
            });
    connect(&worker_, &PropagationWorker::frameDone, this,
            [this](qint64 i, const QImage& img, double w, double r, double ms) {
                if (runInput_ != session_->path()) return;  // a canceled run of another clip
                results_.add(i, img);
                Q_EMIT resultReady(i, img, w, r, ms);
            });
    connect(&worker_, &PropagationWorker::finished, this,
            [this](bool ok, bool canceled, const QString& error, const QString& output) {
                worker_.wait();
                start_->setEnabled(true);
                tryStyle_->setEnabled(choiceLearnsStyle(engine_->currentData().toString()));
                cancel_->setEnabled(false);
                bar_->setValue(0);  // no stale percentage; the bar's text says how it ended
                bar_->setFormat(ok ? tr("Done") : canceled ? tr("Canceled") : tr("Failed"));
                Q_EMIT progressChanged(-1);
                const QString msg = ok         ? tr("Done: %1").arg(output)
                                    : canceled ? tr("Canceled; nothing was written.")
                                               : error;
                const bool current = runInput_ == session_->path();
                if (ok && current) {
                    lastOutput_ = output;
                    result_ = {output, runRecipe_, runFirst_};
                    results_.setFile(output, runRecipe_, runFirst_);
                }
                if (current) status_->setText(msg);
                if (ok && current) showOutdated();
                Q_EMIT done(ok && current, msg, output);
                if (!ok && current) {
                    results_.clear();  // the stopped run's frames were never written
                    if (!kept_.output.isEmpty()) giveBackKeptResult(msg);
                }
            });
}

Job PropagationPanel::makeJob(const QString& input, const QString& output,
                              bool forAnotherClip) const {
    Job job;
    job.input = input.toStdString();
    job.output = output.toStdString();
    job.keyframes = session_->coreKeyframes(forAnotherClip);
    applyEngineChoice(engine_->currentData().toString(), trainSeconds_->value(), prompt_->text(),
                      job.settings);
    job.settings.flow.method = flow_->currentText().toStdString();
    job.settings.temporalStrength = temporal_->value();
    job.settings.maxSide = maxSide_->value();
    job.settings.crf = 16;  // the result is exported (re-encoded) later
    if (!forAnotherClip) {
        job.settings.firstFrame = session_->inPoint();
        job.settings.lastFrame = session_->outPoint();
    }
    return job;
}

void PropagationPanel::applySettings(const PropagationSettings& s) {
    const int choice = engine_->findData(engineChoiceOf(s));
    if (choice >= 0) engine_->setCurrentIndex(choice);
    if (s.engineSettings.contains("style_train_seconds") &&
        s.engineSettings["style_train_seconds"].is_number())
        trainSeconds_->setValue(int(s.engineSettings["style_train_seconds"].get<double>()));
    if (s.engineSettings.contains("prompt") && s.engineSettings["prompt"].is_string())
        prompt_->setText(QString::fromStdString(s.engineSettings["prompt"]));
    flow_->setCurrentText(QString::fromStdString(s.flow.method));
    temporal_->setValue(s.temporalStrength);
    maxSide_->setValue(s.maxSide);
    session_->setRange(s.firstFrame, s.lastFrame);
}

QImage PropagationPanel::result(qint64 frame) const {
    return results_.frame(frame);
}

void PropagationPanel::setLastOutput(const QString& output, const std::string& madeFrom,
                                     int64_t first) {
    lastOutput_ = output;
    // No recipe matches "unknown": a result of unrecorded origin is never taken as current.
    result_ = {output, madeFrom.empty() ? std::string("unknown") : madeFrom, first};
    results_.clear();
    results_.setFile(output, result_.recipe, result_.first);
    showOutdated();
    Q_EMIT resultRestored(output);
}

// After a canceled or failed run: the result it would have replaced shows, exports and is
// saved again (its frames, its plots), as before the run started.
void PropagationPanel::giveBackKeptResult(const QString& why) {
    result_ = kept_;
    kept_ = {};
    lastOutput_ = result_.output;
    results_.clear();
    results_.setFile(result_.output, result_.recipe, result_.first);
    outdated_ = results_.outdated(recipe());
    status_->setText(why + " " + tr("The previous result is kept: %1").arg(lastOutput_));
    Q_EMIT resultRestored(lastOutput_);
}

QString PropagationPanel::metricsFor(const QString& result) {
    const QFileInfo fi(result);
    return fi.path() + "/" + fi.completeBaseName() + ".csv";
}

std::string PropagationPanel::recipe() const {
    if (!session_->isOpen()) return {};
    nlohmann::json j = makeJob(session_->path(), QString(), false).toJson();
    j.erase("output");
    return j.dump();
}

// Recomputed when what the result depends on changes (the signals wired to showOutdated), so
// the viewer asks on every frame it shows without building a job each time.
void PropagationPanel::showOutdated() {
    outdated_ = !lastOutput_.isEmpty() && results_.outdated(recipe());
    if (worker_.running()) return;
    if (lastOutput_.isEmpty()) {  // what a run would do now
        const size_t keys = session_->keyframes().size();
        const QString range =
            session_->outPoint() < 0
                ? tr("frames %1 to the end").arg(session_->inPoint())
                : tr("frames %1-%2").arg(session_->inPoint()).arg(session_->outPoint());
        if (keys == 0)
            status_->setText(tr("Set a keyframe (K), or Propagate (Ctrl+Return) to restyle %1 "
                                "with the panel's editor.")
                                 .arg(range));
        else
            status_->setText(
                tr("%1 set: Propagate (Ctrl+Return) restyles %2.")
                    .arg(keys == 1 ? tr("1 keyframe") : tr("%1 keyframes").arg(keys), range));
        return;
    }
    status_->setText(outdated_ ? tr("Keyframes or settings changed since this result was made: "
                                    "propagate again to update it (Ctrl+Return).")
                               : tr("Done: %1").arg(lastOutput_));
    bar_->setValue(0);  // also for a result reopened with a project (it read "0%")
    bar_->setFormat(outdated_ ? tr("Outdated") : tr("Done"));
}

void PropagationPanel::start() {
    if (!session_->isOpen() || worker_.running()) return;
    // Beside the CLI's flow and style caches (~/.cache/restyle), not in Qt's per-application
    // folder, which the organisation and application names make ~/.cache/Restyle/Restyle.
    const QString dir =
        QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) + "/restyle/results";
    QDir().mkpath(dir);
    const QString out = dir + "/" + QFileInfo(session_->path()).completeBaseName() + "-" +
                        QDateTime::currentDateTime().toString("yyyyMMdd-hhmmss") + ".mp4";
    Job job = makeJob(session_->path(), out, false);
    job.settings.metricsCsv = metricsFor(out).toStdString();  // the plots, when reopened
    if (!worker_.start(job)) {
        status_->setText(tr("An export is running; propagate when it has finished."));
        return;
    }
    runInput_ = session_->path();
    runRecipe_ = recipe();
    runFirst_ = session_->inPoint();
    runFrames_ = (session_->outPoint() < 0 ? session_->frameCount() - 1 : session_->outPoint()) -
                 runFirst_ + 1;
    kept_ = lastOutput_.isEmpty() ? KeptResult{} : result_;
    results_.clear();
    lastOutput_.clear();
    outdated_ = false;
    runStarted(tr("Starting…"));
    Q_EMIT started();
}

void PropagationPanel::runStarted(const QString& status) {
    bar_->setValue(0);
    bar_->setFormat("%p%");
    status_->setText(status);
    start_->setEnabled(false);
    tryStyle_->setEnabled(false);
    cancel_->setEnabled(true);
}

void PropagationPanel::tryLearnedStyle() {
    if (!session_->isOpen() || worker_.running()) return;
    if (!choiceLearnsStyle(engine_->currentData().toString())) {
        status_->setText(
            tr("Choose the Few-shot engine or Warp + learned fill to try a learned "
               "style."));
        return;
    }
    const Job job = makeJob(session_->path(), QString(), false);
    if (!worker_.startTryStyle(job, session_->current())) {
        status_->setText(tr("An export is running; try when it has finished."));
        return;
    }
    runInput_ = session_->path();
    Q_EMIT styleTried(-1, QImage());  // the earlier try is not what this one will show
    runStarted(tr("Learning the keyframes' look…"));
}

void PropagationPanel::connectTryStyle() {
    connect(&worker_, &PropagationWorker::styleTried, this,
            [this](qint64 f, const QImage& img, const QString& note) {
                if (runInput_ != session_->path()) return;
                Q_EMIT styleTried(f, img);
                status_->setText(
                    tr("The viewer shows the learned style on frame %1. %2").arg(f).arg(note));
            });
    // A tried image belongs to the settings it was learnt with, not to any run after it.
    auto retire = [this] { Q_EMIT styleTried(-1, QImage()); };
    connect(engine_, &QComboBox::currentIndexChanged, this, retire);
    connect(trainSeconds_, &QSpinBox::valueChanged, this, retire);
    connect(this, &PropagationPanel::started, this, retire);
    connect(&worker_, &PropagationWorker::tryFinished, this,
            [this](bool ok, bool canceled, const QString& error) {
                worker_.wait();
                start_->setEnabled(true);
                tryStyle_->setEnabled(choiceLearnsStyle(engine_->currentData().toString()));
                cancel_->setEnabled(false);
                bar_->setValue(0);
                bar_->setFormat(ok ? tr("Done") : canceled ? tr("Canceled") : tr("Failed"));
                Q_EMIT progressChanged(-1);
                if (!ok) status_->setText(canceled ? tr("Canceled.") : error);
            });
}

void PropagationPanel::cancel() {
    if (!worker_.running()) return;
    worker_.cancel();
    status_->setText(tr("Canceling…"));
}

}  // namespace restyle::ui
