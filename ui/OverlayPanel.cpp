#include "ui/OverlayPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QFormLayout>
#include <QSlider>
#include <QtConcurrent/QtConcurrent>

#include "common/ImageFile.h"
#include "flow/FlowTracker.h"
#include "flow/Warp.h"
#include "ui/EditorPanel.h"
#include "ui/ImageConvert.h"

namespace restyle::ui {

struct OverlayPanel::Tracking {
    std::mutex mutex;
    std::string key;  // anchor frame + edit + method: a change starts over
    std::unique_ptr<FlowTracker> tracker;
    int64_t at = -1;
    cv::Mat edited;
    AnchorFlow flow;
};

OverlayPanel::OverlayPanel(ClipSession* session, QWidget* parent)
    : QWidget(parent), session_(session), tracking_(std::make_shared<Tracking>()) {
    auto* form = new QFormLayout(this);
    enabled_ = new QCheckBox(tr("Show on the viewer"), this);
    enabled_->setObjectName("overlayEnabled");
    mode_ = new QComboBox(this);
    mode_->setObjectName("overlayMode");
    mode_->addItem(tr("Warped edit"), int(OverlayMode::Warp));
    mode_->addItem(tr("Flow colours"), int(OverlayMode::Color));
    mode_->addItem(tr("Flow arrows"), int(OverlayMode::Arrows));
    mode_->addItem(tr("Unreliable pixels"), int(OverlayMode::Occlusion));
    method_ = new QComboBox(this);
    for (const auto& m : flowMethods())
        method_->addItem(QString::fromStdString(m));
    method_->setCurrentText("dis-fast");
    opacity_ = new QSlider(Qt::Horizontal, this);
    opacity_->setRange(0, 100);
    opacity_->setValue(70);
    enabled_->setToolTip(tr("Show the flow overlay on the viewer instead of the editor preview"));
    mode_->setToolTip(
        tr("What to draw: the keyframe's edit carried here by the flow, the flow "
           "as colours or arrows, or the pixels the flow cannot be trusted on"));
    method_->setToolTip(tr("Optical flow method used for the overlay"));
    opacity_->setToolTip(tr("How strongly the overlay covers the frame"));
    form->addRow(enabled_);
    form->addRow(tr("Overlay"), mode_);
    form->addRow(tr("Opacity"), opacity_);
    form->addRow(tr("Flow"), method_);
    busy_ = new QLabel(this);
    busy_->setObjectName("overlayBusy");
    busy_->setWordWrap(true);
    form->addRow(busy_);
    connect(enabled_, &QCheckBox::toggled, this, [this](bool on) {
        Q_EMIT enabledChanged(on);
        refresh();
    });
    connect(mode_, &QComboBox::currentIndexChanged, this, [this] { refresh(); });
    connect(opacity_, &QSlider::valueChanged, this, [this] { refresh(); });
    connect(method_, &QComboBox::currentTextChanged, this, [this] { refresh(); });
    connect(session_, &ClipSession::currentChanged, this, [this] { refresh(); });
    connect(session_, &ClipSession::keyframesChanged, this, [this] { refresh(); });
    connect(&watcher_, &QFutureWatcher<QImage>::finished, this, [this] {
        const QImage img = watcher_.result();
        busy_->clear();
        if (!img.isNull() && enabled())
            Q_EMIT overlayReady(computing_, img, tr("Overlay: %1").arg(mode_->currentText()));
        if (again_) {
            again_ = false;
            refresh();
        }
    });
}

OverlayPanel::~OverlayPanel() {
    watcher_.waitForFinished();
}

bool OverlayPanel::enabled() const {
    return enabled_->isChecked();
}
void OverlayPanel::setEnabled(bool on) {
    enabled_->setChecked(on);
}

void OverlayPanel::setMode(OverlayMode mode) {
    mode_->setCurrentIndex(mode_->findData(int(mode)));
}

void OverlayPanel::refresh() {
    if (!enabled() || !session_->isOpen()) return;
    if (watcher_.isRunning()) {
        again_ = true;
        return;
    }
    Request r;
    r.target = computing_ = session_->current();
    r.mode = OverlayMode(mode_->currentData().toInt());
    r.opacity = opacity_->value() / 100.0;
    r.method = method_->currentText().toStdString();
    // The anchor: the keyframe at or before the target, else frame 0 with the current editor.
    r.edit = KeyframeEdit{0, session_->editorName(), session_->params(), {}};
    for (const auto& [f, k] : session_->keyframes())
        if (f <= r.target) {
            r.anchor = f;
            r.edit = k;
        }
    // Tracking from a distant keyframe takes seconds on a CPU: say so while it runs.
    busy_->setText(r.target - r.anchor > 1
                       ? tr("Following the flow from keyframe %1 to frame %2…")
                             .arg(r.anchor)
                             .arg(r.target)
                       : tr("Computing the overlay…"));
    watcher_.setFuture(QtConcurrent::run([this, r] {
        try {
            return compute(r);
        } catch (const std::exception& e) {
            const QString msg = QString::fromStdString(e.what());
            QMetaObject::invokeMethod(this, [this, msg] { Q_EMIT overlayFailed(msg); });
            return QImage();
        }
    }));
}

QImage OverlayPanel::compute(const Request& r) {
    const int64_t target = r.target, anchor = r.anchor;
    const KeyframeEdit& edit = r.edit;
    const OverlayMode mode = r.mode;
    const std::string& method = r.method;
    FrameCache& frames = session_->frames();
    Tracking& t = *tracking_;
    std::lock_guard lock(t.mutex);
    const std::string key = std::to_string(anchor) + "|" + edit.editor.toStdString() + "|" +
                            edit.params.dump() + "|" + edit.image.toStdString() + "|" + method;
    if (key != t.key || t.at > target || !t.tracker) {
        const cv::Mat source = frames.frameNow(anchor);
        t.edited = edit.image.isEmpty() ? EditorPanel::editFrame(edit.editor, edit.params, source,
                                                                 frames.scale())
                                        : loadEditImage(edit.image.toStdString(), source.size());
        FlowSettings s;
        s.method = method;
        t.tracker = std::make_unique<FlowTracker>(s);
        t.flow = t.tracker->setAnchor(source);
        t.at = anchor;
        t.key = key;
    }
    while (t.at < target)
        t.flow = t.tracker->track(frames.frameNow(++t.at));
    const cv::Mat frame = frames.frameNow(target);
    const cv::Mat warped =
        mode == OverlayMode::Warp ? warpImage(t.edited, t.flow.toAnchor) : cv::Mat();
    return toQImage(renderOverlay(mode, frame, t.flow, warped, r.opacity));
}

}  // namespace restyle::ui
