# Restride in Spanish: the daily check-in.
# Each message keeps the hash of the English it was translated from
# (`# en:`); `restride check` warns when the English has changed since.

# en: 78e16b04
checkin-title =
    Control diario de Restride

# en: 4832ac0e
checkin-seen_since_warning =
    ¿Te ha visto un médico o una matrona desde que me contaste la señal de alarma?

# en: c4427fb2
checkin-seen_since_warning-label =
    Revisión tras la señal de alarma

# en: 8629af0a
checkin-seen_since_warning-yes =
    Sí, ya me han visto

# en: a9549d7d
checkin-seen_since_warning-no =
    Todavía no

# en: b861f62b
checkin-any_warning =
    Comprobación rápida de seguridad: ¿tienes ahora alguna de estas cosas, nueva o que vaya a peor?

# en: c29e1f01
checkin-any_warning-label =
    Señales de alarma hoy

# en: 883378ac
checkin-any_warning-opt-chest_pain =
    Dolor en el pecho

# en: db36defb
checkin-any_warning-opt-breathless =
    Falta de aire

# en: de129656
checkin-any_warning-opt-seizure =
    Una convulsión

# en: 58d7b132
checkin-any_warning-opt-self_harm_thoughts =
    Pensamientos de hacerme daño

# en: 1ba9fb10
checkin-any_warning-opt-harm_baby_thoughts =
    Pensamientos de dañar al bebé

# en: c3271b00
checkin-any_warning-opt-confusion_hallucinations =
    Confusión, alucinaciones

# en: 8c44c331
checkin-any_warning-opt-saddle_numbness =
    Adormecimiento entre las piernas

# en: 2be37cf8
checkin-any_warning-opt-bladder_bowel_loss =
    Sin control de vejiga o intestino

# en: a6d0b7fc
checkin-any_warning-opt-legs_weak_numb =
    Ambas piernas débiles o adormecidas

# en: 8b8a324b
checkin-any_warning-opt-heavy_bleeding =
    Sangrado abundante o coágulos

# en: 18ba4ea7
checkin-any_warning-opt-fever =
    Fiebre

# en: 47f23370
checkin-any_warning-opt-calf_pain_swelling =
    Pantorrilla dolorida e hinchada

# en: b57aa735
checkin-any_warning-opt-wound_problem =
    Problema en la herida

# en: 18f125a6
checkin-any_warning-opt-severe_headache =
    Dolor de cabeza intenso

# en: f5a0ea4b
checkin-any_warning-opt-fainting =
    Desmayos

# en: 27098e9a
checkin-any_warning-opt-severe_belly_pain =
    Dolor de barriga intenso

# en: 5c057599
checkin-any_warning-opt-face_hand_swelling =
    Cara o manos hinchadas

# en: b91177ad
checkin-any_warning-opt-racing_heart =
    Corazón muy acelerado

# en: 1f3d88db
checkin-any_warning-opt-smelly_discharge =
    Flujo con mal olor

# en: 161f67ca
checkin-any_warning-none =
    Nada de esto

# en: 11a6767d
checkin-any_warning-done =
    Listo

# en: 69099e5a
checkin-pain_today =
    ¿Cuánto te duele hoy la espalda, en el peor momento? 0 = nada, 10 = el peor dolor.

# en: d6aaa0cf
checkin-pain_today-label =
    Dolor de espalda hoy

# en: 5feceb66
checkin-pain_today-opt-0 =
    0

# en: 6b86b273
checkin-pain_today-opt-1 =
    1

# en: d4735e3a
checkin-pain_today-opt-2 =
    2

# en: 4e074085
checkin-pain_today-opt-3 =
    3

# en: 4b227777
checkin-pain_today-opt-4 =
    4

# en: ef2d127d
checkin-pain_today-opt-5 =
    5

# en: e7f6c011
checkin-pain_today-opt-6 =
    6

# en: 7902699b
checkin-pain_today-opt-7 =
    7

# en: 2c624232
checkin-pain_today-opt-8 =
    8

# en: 19581e27
checkin-pain_today-opt-9 =
    9

# en: 4a44dc15
checkin-pain_today-opt-10 =
    10

# en: fdd9bd79
checkin-pelvic_today =
    Hoy, ¿has notado alguna de estas cosas?

# en: 68957a0b
checkin-pelvic_today-why =
    Son frecuentes después del parto y se pueden tratar muy bien.

# en: 47cefa4f
checkin-pelvic_today-label =
    Síntomas pélvicos hoy

# en: a16b9f97
checkin-pelvic_today-opt-leak_urine =
    Escapes de orina

# en: 2c15f9dd
checkin-pelvic_today-opt-urgency =
    Ganas repentinas de orinar

# en: 5bd9daca
checkin-pelvic_today-opt-leak_bowel_wind =
    Escapes de gases o heces

# en: aeb07d28
checkin-pelvic_today-opt-heaviness_bulge =
    Sensación de peso o bulto

# en: 44b6f80a
checkin-pelvic_today-opt-pain_sex =
    Dolor en las relaciones sexuales

# en: b365848d
checkin-pelvic_today-opt-bowel_emptying_difficulty =
    Me cuesta vaciar el intestino

# en: e732bc89
checkin-pelvic_today-opt-pelvic_pain =
    Dolor pélvico

# en: b08471ae
checkin-pelvic_today-none =
    Nada hoy

# en: 11a6767d
checkin-pelvic_today-done =
    Listo

# en: e082c421
checkin-exercise_done =
    ¿Has hecho hoy tus ejercicios?

# en: 0e9db3be
checkin-exercise_done-label =
    Ejercicio hecho

# en: 29c88933
checkin-exercise_done-opt-all =
    Todos

# en: dadbbb93
checkin-exercise_done-opt-some =
    Algunos

# en: e54eb516
checkin-exercise_done-opt-none =
    Hoy no

# en: ed51536f
checkin-mood_today =
    ¿Y cómo te sientes hoy? 1 = muy baja de ánimo, 5 = muy bien.

# en: 3c2f07fc
checkin-mood_today-label =
    Ánimo hoy

# en: ab42098e
checkin-mood_today-opt-1 =
    1 😞

# en: 71064c00
checkin-mood_today-opt-2 =
    2 🙁

# en: 84176a4e
checkin-mood_today-opt-3 =
    3 😐

# en: fd7a341f
checkin-mood_today-opt-4 =
    4 🙂

# en: c9a70caa
checkin-mood_today-opt-5 =
    5 😊

# en: 2a40e008
checkin-end_done =
    Gracias, ya está por hoy. Tómatelo con calma, y hasta mañana.

# en: 0518b4ce
checkin-end_reminder =
    Gracias por contármelo. Por favor, pide que te vea tu médico de cabecera, tu matrona o la unidad de maternidad antes de volver a hacer ejercicio, hoy mismo si puedes.
    Si empeoras, llama al { $emergency_number }. Mañana te vuelvo a preguntar.

# en: 4b8f7226
checkin-end_urgent =
    { text-warning_today }

# en: f352731c
checkin-end_urgent-v1 =
    { text-crisis_now }

# en: d72e9a99
checkin-end_urgent-v2 =
    { text-emergency_now }

# en: d60aeff4
checkin-adapt-seen_after_warning =
    Gracias por ir a que te revisaran. He vuelto a dejar tu plan como estaba antes.

# en: 2750a027
checkin-adapt-step_down =
    Estos últimos días el dolor de espalda ha sido más fuerte, así que he bajado tu plan un nivel para que sea más suave. Un o una fisioterapeuta puede ayudarte a averiguar a qué se debe.

# en: 59bb260e
checkin-adapt-new_pelvic_symptom =
    Gracias por contarme este síntoma nuevo. Es frecuente después del parto y se puede tratar muy bien. Por ahora he dejado en pausa correr y cualquier ejercicio de impacto; por favor, pide cita con un o una fisioterapeuta de suelo pélvico para que lo revise.

# en: d8c4d3a1
checkin-adapt-offer_readiness =
    Dos semanas tranquilas seguidas: ¡bien hecho! ¿Quieres repasar otra vez la lista de comprobación para volver a correr? Si la superas, puedo empezar contigo un plan que alterna caminar y correr.

# en: f75b7741
checkin-adapt-offer_readiness-accept =
    Sí, vamos a ver

# en: a0e63d7c
checkin-adapt-offer_readiness-decline =
    Ahora no

# en: d554ce07
checkin-adapt-mood_offer =
    Llevas varios días seguidos con el ánimo bajo. Le pasa a mucha gente, y no tienes que cargar con ello tú sola. ¿Quieres responder dos preguntas cortas sobre tu estado de ánimo, para que pueda orientarte hacia el apoyo adecuado? También vale la pena que hables con tu médico de cabecera.

# en: 21a0eee3
checkin-adapt-mood_offer-accept =
    Sí, pregúntame

# en: a0e63d7c
checkin-adapt-mood_offer-decline =
    Ahora no

# en: abe25791
checkin-adapt-rescreen_6_weeks =
    Ya han pasado seis semanas desde el parto, más o menos cuando se hace la revisión posparto. ¿Ya has tenido la tuya? Cuéntame cómo fue y actualizaré tu plan.

# en: 5107022b
checkin-adapt-rescreen_6_weeks-accept =
    Actualizar mi plan

# en: a0e63d7c
checkin-adapt-rescreen_6_weeks-decline =
    Ahora no

# en: 21bd4202
checkin-adapt-rescreen_12_weeks =
    Doce semanas desde el parto: es lo más pronto que la mayoría de las guías sugieren para empezar a correr. ¿Repasamos la lista de comprobación para volver a correr?

# en: f75b7741
checkin-adapt-rescreen_12_weeks-accept =
    Sí, vamos a ver

# en: a0e63d7c
checkin-adapt-rescreen_12_weeks-decline =
    Ahora no

# en: b1bb16d5
checkin-adapt-rescreen_26_weeks =
    Seis meses desde el parto: si todo lo demás va bien, correr con el carrito del bebé ya puede formar parte de tu plan. ¿Actualizo tu plan?

# en: 5107022b
checkin-adapt-rescreen_26_weeks-accept =
    Actualizar mi plan

# en: a0e63d7c
checkin-adapt-rescreen_26_weeks-decline =
    Ahora no

