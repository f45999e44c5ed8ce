#include "ui/EditorPanel.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrent>
#include <mutex>

#include "common/ImageFile.h"
#include "edit/EditorRegistry.h"
#include "ui/EditCommands.h"
#include "ui/FittingScrollArea.h"
#include "ui/ImageConvert.h"
#include "ui/ParamForm.h"

namespace restyle::ui {

namespace {

// Editors are created once per name: model editors load (and probe) their module.
std::shared_ptr<const Editor> editorNamed(const std::string& name) {
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<const Editor>> editors;
    std::lock_guard lock(mutex);
    auto& e = editors[name];
    if (!e) e = createEditor(name);
    return e;
}

}  // namespace

cv::Mat EditorPanel::editFrame(const QString& editor, const nlohmann::json& params,
                               const cv::Mat& frame, double scale) {
    return applyEditor(*editorNamed(editor.toStdString()), frame, params, nullptr, scale);
}

EditorPanel::EditorPanel(ClipSession* session, QWidget* parent)
    : QWidget(parent), session_(session) {
    auto* v = new QVBoxLayout(this);
    editors_ = new QComboBox(this);
    editors_->setObjectName("editorCombo");
    infos_ = listEditors();
    for (const auto& e : infos_)
        editors_->addItem(QString::fromStdString(e.name), QString::fromStdString(e.description));
    editors_->setToolTip(tr("The editor that restyles the keyframe"));
    v->addWidget(editors_);
    form_ = new ParamForm(this);
    // The form's height changes with the editor chosen: it scrolls, and the buttons below
    // it stay in sight however short the dock is (they were scrolled out of a docked panel).
    v->addWidget(new FittingScrollArea(form_, this));
    auto* buttons = new QHBoxLayout();
    auto* tryIt = new QPushButton(tr("Try on this frame"), this);
    tryIt->setToolTip(tr("Apply the editor to the frame under the playhead (T)"));
    auto* key = new QPushButton(tr("Set keyframe"), this);
    key->setObjectName("setKeyframe");
    key->setToolTip(tr("Use this edit as a keyframe at the current frame (K)"));
    auto* remove = new QPushButton(tr("Remove"), this);
    remove->setToolTip(tr("Remove the keyframe at the current frame"));
    buttons->addWidget(tryIt);
    buttons->addWidget(key);
    buttons->addWidget(remove);
    v->addLayout(buttons);
    auto* paint = new QPushButton(tr("Import painted frame…"), this);
    paint->setToolTip(tr("Your own edit of this frame, made in Krita, Photoshop, ..."));
    v->addWidget(paint);
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    v->addWidget(status_);
    v->addStretch(1);

    debounce_.setSingleShot(true);
    debounce_.setInterval(200);
    connect(&debounce_, &QTimer::timeout, this, &EditorPanel::runPreview);
    connect(tryIt, &QPushButton::clicked, this, &EditorPanel::tryOnCurrentFrame);
    connect(key, &QPushButton::clicked, this, &EditorPanel::setKeyframeHere);
    connect(remove, &QPushButton::clicked, this, &EditorPanel::removeKeyframeHere);
    connect(paint, &QPushButton::clicked, this, [this] { importPaintedFrame(); });
    connect(editors_, &QComboBox::currentTextChanged, this, [this](const QString& name) {
        if (name == session_->editorName()) return;
        // Browsing editors keeps each one's settings of this session, not its defaults.
        if (!session_->editorName().isEmpty()) chosen_[session_->editorName()] = session_->params();
        if (const EditorInfo* e = info(name)) {
            const auto kept = chosen_.find(name);
            session_->undoStack()->push(new SetEditorCommand(
                session_, name, kept != chosen_.end() ? kept->second : defaultsFor(*e)));
        }
    });
    connect(form_, &ParamForm::edited, this, [this](const QString& name, const nlohmann::json& v) {
        session_->undoStack()->push(new SetParamsCommand(session_, session_->params(), v, name,
                                                         ParamForm::labelOf(name.toStdString())));
    });
    connect(session_, &ClipSession::editorChanged, this, &EditorPanel::syncFromSession);
    connect(session_, &ClipSession::paramsChanged, this, [this] {
        form_->setValues(session_->params());
        schedulePreview();
    });
    connect(session_, &ClipSession::currentChanged, this, [this] { schedulePreview(); });
    connect(session_, &ClipSession::keyframesChanged, this, [this] { schedulePreview(); });
    connect(session_, &ClipSession::clipOpened, this, [this] {
        status_->clear();  // notes about the previous clip's keyframes
        schedulePreview();
    });
    connect(&session_->frames(), &FrameCache::frameReady, this, [this](qint64 i) {
        if (i == session_->current() && previewFrame_ != i) schedulePreview();
    });
    connect(&watcher_, &QFutureWatcher<Preview>::finished, this, [this] {
        const Preview p = watcher_.result();
        if (!p.image.isNull()) Q_EMIT previewReady(previewFrame_, p.image, p.label);
        if (previewAgain_) {
            previewAgain_ = false;
            runPreview();
        }
    });
    syncFromSession();
}

void EditorPanel::syncFromSession() {
    // A remembered editor may be gone (a model uninstalled): fall back to the first one.
    if (editors_->findText(session_->editorName()) < 0 && editors_->count() > 0) {
        session_->setEditor(editors_->itemText(0), nlohmann::json::object());
        return;  // setEditor emits editorChanged, which syncs again
    }
    const QSignalBlocker block(editors_);
    editors_->setCurrentText(session_->editorName());
    if (const EditorInfo* e = info(session_->editorName())) {
        form_->setSchema(e->params, session_->params());
        status_->setText(QString::fromStdString(e->description));
    }
    if (session_->params().empty()) session_->setParams(form_->values());
    schedulePreview();
}

nlohmann::json EditorPanel::defaultsFor(const EditorInfo& e) const {
    nlohmann::json values = nlohmann::json::object();
    for (const auto& spec : e.params)
        values[spec.name] = spec.defaultValue;
    return values;
}

const EditorInfo* EditorPanel::info(const QString& name) const {
    for (const auto& e : infos_)
        if (QString::fromStdString(e.name) == name) return &e;
    return nullptr;
}

void EditorPanel::schedulePreview() {
    debounce_.start();
}

void EditorPanel::tryOnCurrentFrame() {
    if (session_->isOpen()) Q_EMIT tryRequested(session_->current());
    runPreview();
}

void EditorPanel::runPreview() {
    if (!session_->isOpen()) return;
    const int64_t index = session_->current();
    const cv::Mat frame = session_->frames().cached(index);
    if (frame.empty()) {
        session_->frames().request(index);  // previews when it arrives
        return;
    }
    if (watcher_.isRunning()) {
        previewAgain_ = true;  // the newest settings run when this one ends
        return;
    }
    // Each preview starts from the editor's description: a note or error about an earlier
    // frame or file never outlives it.
    if (const EditorInfo* e = info(session_->editorName()))
        status_->setText(QString::fromStdString(e->description));
    // At a keyframe the viewer shows that keyframe, what propagation will use: the painting
    // itself, or its own editor and settings (the panel's may have changed since).
    QString painted;
    QString editor = session_->editorName();
    nlohmann::json params = session_->params();
    bool atKeyframe = false;
    if (auto it = session_->keyframes().find(index); it != session_->keyframes().end()) {
        painted = it->second.image;
        if (painted.isEmpty() && !it->second.editor.isEmpty()) {
            atKeyframe = true;
            if (it->second.editor != editor || it->second.params != params)
                status_->setText(tr("This keyframe keeps its own %1 settings, shown here; "
                                    "Set keyframe (K) to replace them with the panel's.")
                                     .arg(it->second.editor));
            editor = it->second.editor;
            params = it->second.params;
        }
    }
    // Between keyframes the panel's settings are a draft: propagation uses the keyframes'.
    if (!atKeyframe && painted.isEmpty() && !session_->keyframes().empty()) {
        // The keyframes around this frame are the ones propagation blends here.
        const auto& keys = session_->keyframes();
        const auto after = keys.upper_bound(index);
        bool used = false;
        for (auto it : {after, after == keys.begin() ? keys.end() : std::prev(after)})
            used |= it != keys.end() && it->second.editor == editor && it->second.params == params;
        if (!used)
            status_->setText(
                tr("These settings are in no keyframe yet: Set keyframe (K) to "
                   "use them when propagating."));
    }
    const auto missing = atKeyframe ? std::vector<std::string>{} : form_->missingRequired();
    if (painted.isEmpty() && !missing.empty()) {
        previewFrame_ = -1;
        status_->setText(tr("Choose a file for “%1” (marked) to see this editor's preview.")
                             .arg(ParamForm::labelOf(missing.front())));
        Q_EMIT previewCleared();
        return;
    }
    previewFrame_ = index;
    const QString label = !painted.isEmpty()
                              ? tr("Painted keyframe: %1").arg(QFileInfo(painted).fileName())
                          : atKeyframe ? tr("Keyframe: %1").arg(editor)
                                       : tr("Edit: %1").arg(editor);
    const double scale = session_->frames().scale();
    watcher_.setFuture(QtConcurrent::run([this, editor, params, frame, painted, label, scale] {
        try {
            const cv::Mat out = painted.isEmpty()
                                    ? editFrame(editor, params, frame, scale)
                                    : loadEditImage(painted.toStdString(), frame.size());
            return Preview{toQImage(out), label};
        } catch (const std::exception& e) {
            const QString msg = QString::fromStdString(e.what());
            QMetaObject::invokeMethod(this, [this, msg] {
                status_->setText(msg);
                Q_EMIT previewCleared();  // the last good preview is not these settings'
                Q_EMIT previewFailed(msg);
            });
            return Preview{};
        }
    }));
}

QString EditorPanel::note() const {
    return status_->text();
}

void EditorPanel::setKeyframeHere() {
    if (!session_->isOpen()) return;
    KeyframeEdit k;
    k.frame = session_->current();
    k.editor = session_->editorName();
    k.params = session_->params();
    session_->undoStack()->push(new PutKeyframeCommand(session_, k));
}

void EditorPanel::removeKeyframeHere() {
    if (session_->keyframes().count(session_->current()))
        session_->undoStack()->push(new RemoveKeyframeCommand(session_, session_->current()));
}

void EditorPanel::importPaintedFrame(const QString& given) {
    if (!session_->isOpen()) return;
    const QString file = given.isEmpty()
                             ? QFileDialog::getOpenFileName(
                                   this, tr("Import a painted frame"), QString(),
                                   tr("Images (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp)"))
                             : given;
    if (file.isEmpty()) return;
    const cv::Mat frame = session_->frames().cached(session_->current());
    try {
        if (!frame.empty()) loadEditImage(file.toStdString(), frame.size());  // checks it now
    } catch (const std::exception& e) {
        status_->setText(QString::fromStdString(e.what()));
        Q_EMIT previewFailed(QString::fromStdString(e.what()));
        return;
    }
    KeyframeEdit k;
    k.frame = session_->current();
    k.image = file;
    session_->undoStack()->push(new PutKeyframeCommand(session_, k));
    // A smaller painting is scaled up (same aspect ratio): say so, detail is lost.
    const QSize painted = QImageReader(file).size();
    const auto& clip = session_->frames().info();
    const QString scaled =
        painted.isValid() && (painted.width() != clip.width || painted.height() != clip.height)
            ? tr(" (scaled from %1x%2 to the clip's %3x%4: paint at the clip's size for full "
                 "detail)")
                  .arg(painted.width())
                  .arg(painted.height())
                  .arg(clip.width)
                  .arg(clip.height)
            : QString();
    status_->setText(tr("Painted keyframe at frame %1: %2%3").arg(k.frame).arg(file, scaled));
    if (!scaled.isEmpty()) Q_EMIT previewFailed(status_->text());  // to the status bar too
}

}  // namespace restyle::ui
