#include "ui/ProjectController.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include "ui/ClipSession.h"
#include "ui/ExportDialog.h"
#include "ui/MainWindow.h"
#include "ui/PropagationPanel.h"
#include "ui/ViewerWidget.h"

namespace restyle::ui {

namespace {

const char* modeName(ViewerWidget::Mode m) {
    switch (m) {
        case ViewerWidget::Mode::Source:
            return "source";
        case ViewerWidget::Mode::Processed:
            return "processed";
        case ViewerWidget::Mode::SideBySide:
            return "side-by-side";
        default:
            return "split";
    }
}

ViewerWidget::Mode modeOf(const std::string& name) {
    if (name == "source") return ViewerWidget::Mode::Source;
    if (name == "processed") return ViewerWidget::Mode::Processed;
    if (name == "side-by-side") return ViewerWidget::Mode::SideBySide;
    return ViewerWidget::Mode::Split;
}

}  // namespace

ProjectController::ProjectController(MainWindow* window, const QString& autosaveFile)
    : QObject(window), window_(window), autosave_(autosaveFile) {
    if (autosave_.isEmpty()) {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QDir().mkpath(dir);
        autosave_ = dir + "/autosave.restyle";
    }
    ClipSession* s = window_->session();
    for (auto signal :
         {&ClipSession::keyframesChanged, &ClipSession::paramsChanged, &ClipSession::editorChanged,
          &ClipSession::rangeChanged})
        connect(s, signal, this, &ProjectController::markDirty);
    // A clip opened on its own starts a new, untitled project with nothing to save yet.
    connect(s, &ClipSession::clipOpened, this, [this] {
        if (applying_) return;
        path_.clear();
        dirty_ = false;
        Q_EMIT stateChanged();
    });
    timer_.setInterval(30000);
    connect(&timer_, &QTimer::timeout, this, &ProjectController::writeAutosave);
    timer_.start();
}

void ProjectController::markDirty() {
    if (applying_ || !window_->session()->isOpen()) return;
    if (!dirty_) {
        dirty_ = true;
        Q_EMIT stateChanged();
    }
}

Project ProjectController::capture() const {
    ClipSession* s = window_->session();
    const QFileInfo clip(s->path());
    // The job's output and export settings are the artist's last export of this clip.
    const bool exported = !window_->lastExportPath().isEmpty();
    const QString output = exported ? window_->lastExportPath()
                                    : ExportDialog::suggestedOutput(clip.absoluteFilePath());
    Project p;
    p.job = window_->propagationPanel()->makeJob(clip.absoluteFilePath(), output, false);
    const TranscodeOptions e = window_->lastExportOptions();
    p.job.settings.crf = e.crf;
    p.job.settings.preset = e.preset;
    p.job.settings.audio = e.audio;
    p.implicitKeyframe = s->keyframes().empty();
    p.result = window_->propagationPanel()->lastOutput().toStdString();
    if (!p.result.empty()) {
        p.resultRecipe = window_->propagationPanel()->lastRecipe();
        p.resultFirst = window_->propagationPanel()->lastFirst();
    }
    p.view = {{"frame", s->current()},
              {"editor", s->editorName().toStdString()},
              {"params", s->params()},
              {"viewer", modeName(window_->viewer()->mode())}};
    if (exported) p.view["export_max_side"] = e.maxSide;
    return p;
}

bool ProjectController::save(const QString& path, QString* error) {
    if (!window_->session()->isOpen()) {
        if (error) *error = tr("Open a clip first: a project is a clip and its keyframes.");
        return false;
    }
    try {
        capture().save(path.toStdString());
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
    path_ = QFileInfo(path).absoluteFilePath();
    dirty_ = false;
    QFile::remove(autosave_);  // everything is in the project now
    Q_EMIT stateChanged();
    return true;
}

bool ProjectController::open(const QString& path, QString* error) {
    Project p;
    try {
        p = Project::load(path.toStdString());
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
    if (!apply(p, error)) return false;
    path_ = QFileInfo(path).absoluteFilePath();
    dirty_ = false;
    Q_EMIT stateChanged();
    return true;
}

bool ProjectController::apply(const Project& p, QString* error) {
    ClipSession* s = window_->session();
    applying_ = true;
    const bool opened = window_->openClip(QString::fromStdString(p.job.input));
    if (!opened) {
        applying_ = false;
        if (error) *error = window_->lastError();
        return false;
    }
    const nlohmann::json& v = p.view;
    if (v.contains("editor") && v["editor"].is_string())
        s->setEditor(QString::fromStdString(v["editor"].get<std::string>()),
                     v.value("params", nlohmann::json::object()));
    if (!p.implicitKeyframe)
        for (const Keyframe& k : p.job.keyframes)
            s->putKeyframe(KeyframeEdit{k.frame, QString::fromStdString(k.editor), k.params,
                                        QString::fromStdString(k.image)});
    s->undoStack()->clear();
    window_->propagationPanel()->applySettings(p.job.settings);
    if (!p.result.empty() && QFileInfo::exists(QString::fromStdString(p.result)))
        window_->propagationPanel()->setLastOutput(QString::fromStdString(p.result),
                                                   p.resultRecipe, p.resultFirst);
    window_->viewer()->setMode(modeOf(v.value("viewer", std::string("split"))));
    if (v.contains("export_max_side") && v["export_max_side"].is_number_integer()) {
        TranscodeOptions e;
        e.crf = p.job.settings.crf;
        e.preset = p.job.settings.preset;
        e.audio = p.job.settings.audio;
        e.maxSide = v["export_max_side"].get<int>();
        window_->setLastExport(QString::fromStdString(p.job.output), e);
    }
    if (v.contains("frame") && v["frame"].is_number_integer())
        s->setCurrent(v["frame"].get<int64_t>());
    applying_ = false;
    return true;
}

QString ProjectController::recoverable() const {
    return QFileInfo::exists(autosave_) ? autosave_ : QString();
}

bool ProjectController::recover(QString* error) {
    Project p;
    try {
        p = Project::load(autosave_.toStdString());
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
    // The original project's path is remembered in the autosave's view state.
    if (!apply(p, error)) return false;
    path_ = QString::fromStdString(p.view.value("project_file", std::string()));
    dirty_ = true;
    Q_EMIT stateChanged();
    return true;
}

void ProjectController::writeAutosave() {
    if (!dirty_ || !window_->session()->isOpen()) return;
    try {
        Project p = capture();
        p.view["project_file"] = path_.toStdString();
        p.save(autosave_.toStdString());
    } catch (const std::exception&) {
        // An autosave that cannot be written is retried on the next tick; never an error
        // dialog in the middle of work.
    }
}

void ProjectController::closedCleanly() {
    QFile::remove(autosave_);
}

}  // namespace restyle::ui
