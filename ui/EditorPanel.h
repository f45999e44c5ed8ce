#pragma once
// First-frame editor dock: pick an editor (built in or a model), edit its parameters in a
// generated form, see the result shortly after each change (computed off the GUI thread),
// set keyframes, import a painted frame.
#include <QFutureWatcher>
#include <QImage>
#include <QTimer>
#include <QWidget>
#include <map>
#include <memory>

#include "edit/EditorRegistry.h"
#include "ui/ClipSession.h"

class QComboBox;
class QLabel;

namespace restyle::ui {

class ParamForm;

class EditorPanel : public QWidget {
    Q_OBJECT
  public:
    QString note() const;  // the line under the form: description, hint or error
    EditorPanel(ClipSession* session, QWidget* parent = nullptr);

    // The edited version of `frame` with the current editor (blocking; for worker threads).
    // `scale`: the frame's size to the clip's own (lengths in pixels follow it).
    static cv::Mat editFrame(const QString& editor, const nlohmann::json& params,
                             const cv::Mat& frame, double scale);

  public Q_SLOTS:
    void tryOnCurrentFrame();  // preview now, on the frame under the playhead
    void setKeyframeHere();
    void importPaintedFrame(const QString& file = QString());
    void removeKeyframeHere();

  Q_SIGNALS:
    void previewReady(qint64 frame, const QImage& image, const QString& label);
    void previewFailed(const QString& message);
    // No preview for now (a required file is not chosen yet): the viewer shows the source.
    void previewCleared();
    // The artist asked for the edit on this frame (Try, T): it shows ahead of a result.
    void tryRequested(qint64 frame);

  private:
    void schedulePreview();
    void runPreview();
    void syncFromSession();

    const EditorInfo* info(const QString& name) const;
    // The current editor's values with defaults filled in; never throws (a required file
    // has an empty value until it is chosen).
    nlohmann::json defaultsFor(const EditorInfo& e) const;
    std::map<QString, nlohmann::json> chosen_;  // each editor's settings when last left

    struct Preview {
        QImage image;
        QString label;
    };

    ClipSession* session_;
    std::vector<EditorInfo> infos_;  // read once: listing scans the model folders
    QComboBox* editors_;
    ParamForm* form_;
    QLabel* status_;
    QTimer debounce_;
    QFutureWatcher<Preview> watcher_;
    int64_t previewFrame_ = -1;
    bool previewAgain_ = false;
};

}  // namespace restyle::ui
