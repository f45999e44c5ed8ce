#include "ui/EngineChoice.h"

#include "models/ModelManifest.h"

namespace restyle::ui {

namespace {
const QString kWarp = "warp", kLearnedFill = "warp+style-net", kFewShot = "fewshot";
}

void addEngineChoices(QComboBox* box) {
    // Long model names do not widen the panel (the window must fit small screens).
    box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    box->setMinimumContentsLength(18);
    box->addItem(QObject::tr("Warp (built in)"), kWarp);
    box->addItem(QObject::tr("Warp + learned fill"), kLearnedFill);
    box->addItem(QObject::tr("Few-shot (learns the keyframes' look)"), kFewShot);
    // Diffusion models found on the model path become engines (FlowVid recipe).
    for (const auto& m : findModels())
        if (m.kind == "sd-img2img" || m.kind == "video-diffusion")
            box->addItem(QObject::tr("Diffusion: %1").arg(QString::fromStdString(m.name)),
                         QString::fromStdString(m.path));
    box->setToolTip(QObject::tr(
        "Warp carries the keyframes along the optical flow; with the learned fill it first "
        "learns their look (about a minute per keyframe on a CPU) and draws what the flow "
        "cannot carry in it; Few-shot draws every frame with what it learned; diffusion "
        "engines appear when diffusion models are installed"));
}

bool choiceLearnsStyle(const QString& choice) {
    return choice == kLearnedFill || choice == kFewShot;
}

bool choiceIsDiffusion(const QString& choice) {
    return choice != kWarp && !choiceLearnsStyle(choice);
}

void applyEngineChoice(const QString& choice, int trainSeconds, const QString& prompt,
                       PropagationSettings& s) {
    s.engine = choice == kFewShot ? "fewshot" : choiceIsDiffusion(choice) ? "diffusion" : "warp";
    if (choice == kLearnedFill) s.engineSettings["fill"] = "style-net";
    if (choiceLearnsStyle(choice)) s.engineSettings["style_train_seconds"] = trainSeconds;
    if (choiceIsDiffusion(choice)) {
        s.engineSettings["model"] = choice.toStdString();
        s.engineSettings["prompt"] = prompt.toStdString();
    }
}

QString engineChoiceOf(const PropagationSettings& s) {
    const auto text = [&](const char* key) {
        return s.engineSettings.is_object() && s.engineSettings.contains(key) &&
                       s.engineSettings[key].is_string()
                   ? QString::fromStdString(s.engineSettings[key].get<std::string>())
                   : QString();
    };
    if (s.engine == "fewshot") return kFewShot;
    if (s.engine == "warp") return text("fill") == "style-net" ? kLearnedFill : kWarp;
    return text("model");
}

}  // namespace restyle::ui
