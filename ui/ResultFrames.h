#pragma once
// The open clip's propagation result as the viewer shows it: the frames of a run in progress
// (the most recent ones, in memory), then, once the run has written its file, any frame of
// that file, decoded in the background like the source. It remembers the recipe (keyframes
// and settings) the result was made from, so the panels can tell when it is out of date.
#include <QImage>
#include <QObject>
#include <QString>
#include <map>
#include <memory>
#include <string>

namespace restyle::ui {

class FrameCache;

class ResultFrames : public QObject {
    Q_OBJECT
  public:
    explicit ResultFrames(QObject* parent = nullptr);
    ~ResultFrames() override;

    void clear();
    void add(qint64 frame, const QImage& image);  // a frame of the run in progress
    // The run's finished file, the recipe it was made from and the clip frame its first frame
    // is. A file that cannot be read leaves only the frames in memory.
    void setFile(const QString& path, const std::string& recipe, qint64 firstFrame = 0);
    QString file() const { return file_; }
    bool outdated(const std::string& currentRecipe) const;

    // The frame, or null while it is decoded (frameAvailable follows) or when there is none.
    QImage frame(qint64 index) const;

  Q_SIGNALS:
    void frameAvailable(qint64 index);

  private:
    static constexpr size_t kInMemory = 300;
    std::map<qint64, QImage> recent_;
    std::unique_ptr<FrameCache> decoded_;
    QString file_;
    std::string recipe_;
    qint64 first_ = 0;
};

}  // namespace restyle::ui
