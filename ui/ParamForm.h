#pragma once
// A form generated from an editor's parameter schema: sliders with spin boxes for numbers,
// check boxes, combo boxes, file pickers and colour buttons. Emits every user change with
// the parameter's name; values are set back without emitting (for undo).
#include <QWidget>
#include <map>
#include <nlohmann/json.hpp>
#include <vector>

#include "edit/Params.h"

class QFormLayout;

namespace restyle::ui {

class ParamForm : public QWidget {
    Q_OBJECT
  public:
    explicit ParamForm(QWidget* parent = nullptr);

    void setSchema(const std::vector<ParamSpec>& schema, const nlohmann::json& values);
    void setValues(const nlohmann::json& values);  // no signal
    nlohmann::json values() const { return values_; }
    // Required parameters (files) that have no value yet: the editor cannot run.
    std::vector<std::string> missingRequired() const;
    // The parameter's name as the artist reads it ("edge darkening").
    static QString labelOf(const std::string& name);

  Q_SIGNALS:
    void edited(const QString& name, const nlohmann::json& values);

  private:
    QWidget* makeEditor(const ParamSpec& spec);
    void change(const std::string& name, const nlohmann::json& value);

    QFormLayout* layout_;
    std::vector<ParamSpec> schema_;
    nlohmann::json values_ = nlohmann::json::object();
    std::map<std::string, std::function<void(const nlohmann::json&)>> setters_;
    bool updating_ = false;
    QObject* undoFilter_;
};

}  // namespace restyle::ui
