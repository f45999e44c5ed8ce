#pragma once
// The Propagation panel's engine choices, as job settings and back: the warp engine, the
// warp engine with the learned (style-net) fill, the few-shot engine, and each diffusion
// model found on the model path. A choice is the combo box item's data.
#include <QComboBox>
#include <QString>

#include "propagate/Pipeline.h"

namespace restyle::ui {

void addEngineChoices(QComboBox* box);
// Whether the choice learns the keyframes' look (training budget, "Try learned style").
bool choiceLearnsStyle(const QString& choice);
bool choiceIsDiffusion(const QString& choice);
// The engine and its settings for `choice` into `s`.
void applyEngineChoice(const QString& choice, int trainSeconds, const QString& prompt,
                       PropagationSettings& s);
// The choice that made `s` (empty when no item matches, e.g. a model no longer installed).
QString engineChoiceOf(const PropagationSettings& s);

}  // namespace restyle::ui
