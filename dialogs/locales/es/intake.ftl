# Restride in Spanish: the intake.
# Each message keeps the hash of the English it was translated from
# (`# en:`); `restride check` warns when the English has changed since.

# en: e5cdfcb7
intake-title =
    Cuestionario inicial de Restride

# en: 185f8db3
intake-part1 =
    Hola

# en: b96f63b0
intake-part2 =
    Primero, tu seguridad

# en: 8c8ffd6d
intake-part3 =
    Tú y el parto

# en: b2ebfb7f
intake-part4 =
    Tu salud

# en: 117bf8a8
intake-part5 =
    Tu espalda

# en: 0d682ac8
intake-part6 =
    Cómo te sientes

# en: f4ccae29
intake-part7 =
    Correr

# en: d9ab76c6
intake-part8 =
    Tu plan

# en: c6519245
intake-consent =
    Hola, soy Restride. Te ayudo a volver a hacer ejercicio de forma segura después del parto.
    Te haré preguntas cortas, de una en una, y luego te daré un plan. Esto es una comprobación, no un diagnóstico, y no soy médico.
    Solo guardo tus respuestas, para preparar tu plan. Envía /delete cuando quieras para borrarlas.
    Si ahora mismo tienes una señal de emergencia (dolor en el pecho, dificultad para respirar, una convulsión), llama ahora al { $emergency_number }.
    ¿Empezamos?

# en: 656579ef
intake-consent-label =
    Acepta empezar

# en: 38ef5b78
intake-consent-yes =
    Sí, empecemos

# en: a0e63d7c
intake-consent-no =
    Ahora no

# en: b7fe1503
intake-emergency_signs =
    Primero, tu seguridad. Marca lo que te esté pasando ahora, o que sea nuevo para ti.
    Falta de aire: en reposo, o que empezó de repente. Vejiga o intestino: de repente no puedes controlarlos, o no puedes orinar.

# en: 797e3646
intake-emergency_signs-label =
    Señales de emergencia

# en: 883378ac
intake-emergency_signs-opt-chest_pain =
    Dolor en el pecho

# en: db36defb
intake-emergency_signs-opt-breathless =
    Falta de aire

# en: de129656
intake-emergency_signs-opt-seizure =
    Una convulsión

# en: 58d7b132
intake-emergency_signs-opt-self_harm_thoughts =
    Pensamientos de hacerme daño

# en: 1ba9fb10
intake-emergency_signs-opt-harm_baby_thoughts =
    Pensamientos de dañar al bebé

# en: c3271b00
intake-emergency_signs-opt-confusion_hallucinations =
    Confusión, alucinaciones

# en: 8c44c331
intake-emergency_signs-opt-saddle_numbness =
    Adormecimiento entre las piernas

# en: 2be37cf8
intake-emergency_signs-opt-bladder_bowel_loss =
    Sin control de vejiga o intestino

# en: a6d0b7fc
intake-emergency_signs-opt-legs_weak_numb =
    Ambas piernas débiles o adormecidas

# en: 161f67ca
intake-emergency_signs-none =
    Nada de esto

# en: 11a6767d
intake-emergency_signs-done =
    Listo

# en: 3075ba47
intake-warning_signs =
    Gracias. ¿Y tienes algo de esto, nuevo o que vaya a peor?
    Sangrado abundante: empapar una compresa (toalla sanitaria) en una hora, o coágulos grandes. Herida: la zona de la cesárea, del desgarro o de la epidural está roja, supura o se abre. Dolor de cabeza: intenso, o con visión borrosa.

# en: 7c6cacab
intake-warning_signs-label =
    Señales de alarma

# en: 8b8a324b
intake-warning_signs-opt-heavy_bleeding =
    Sangrado abundante o coágulos

# en: 18ba4ea7
intake-warning_signs-opt-fever =
    Fiebre

# en: 47f23370
intake-warning_signs-opt-calf_pain_swelling =
    Pantorrilla dolorida e hinchada

# en: b57aa735
intake-warning_signs-opt-wound_problem =
    Problema en la herida

# en: 18f125a6
intake-warning_signs-opt-severe_headache =
    Dolor de cabeza intenso

# en: f5a0ea4b
intake-warning_signs-opt-fainting =
    Desmayos

# en: 27098e9a
intake-warning_signs-opt-severe_belly_pain =
    Dolor de barriga intenso

# en: 5c057599
intake-warning_signs-opt-face_hand_swelling =
    Cara o manos hinchadas

# en: b91177ad
intake-warning_signs-opt-racing_heart =
    Corazón muy acelerado

# en: 1f3d88db
intake-warning_signs-opt-smelly_discharge =
    Flujo con mal olor

# en: 161f67ca
intake-warning_signs-none =
    Nada de esto

# en: 11a6767d
intake-warning_signs-done =
    Listo

# en: 150d5ad5
intake-age_ok =
    Solo para comprobarlo: ¿tienes 16 años o más?

# en: f82b1eee
intake-age_ok-label =
    16 años o más

# en: 4b49f5de
intake-age_ok-yes =
    Tengo 16 años o más

# en: 42836e4d
intake-age_ok-no =
    Tengo menos de 16

# en: 35f13ab7
intake-pregnant_now =
    ¿Estás embarazada ahora mismo?

# en: 0d4f4505
intake-pregnant_now-why =
    Los consejos de ejercicio en el embarazo son distintos de los de después del parto.

# en: eb60165e
intake-pregnant_now-label =
    Embarazada ahora

# en: 7b3be21a
intake-pregnant_now-yes =
    Sí, estoy embarazada

# en: 1ea442a1
intake-pregnant_now-no =
    No

# en: 198f9508
intake-baby_status =
    ¿Puedo preguntarte por tu bebé? Elige lo que mejor encaje.

# en: 4a8e520e
intake-baby_status-why =
    Para poder hablarte de la forma adecuada, sin dar nada por hecho.

# en: 60d89f3f
intake-baby_status-label =
    Tu bebé

# en: 7dfa6235
intake-baby_status-opt-with_me =
    Mi bebé está conmigo

# en: 8c878ff0
intake-baby_status-opt-in_hospital =
    Mi bebé está en el hospital

# en: 6b234a10
intake-baby_status-opt-died =
    Mi bebé ha fallecido

# en: 3b86cfba
intake-baby_ack =
    { $baby_status ->
        [died] Lo siento muchísimo. Gracias por contármelo.
          Iremos con calma, y puedes parar cuando quieras. Tu recuperación importa, y no tienes que pasar por esto sola.
       *[other] Gracias por contármelo. Es mucho lo que estás llevando.
          Cuidar de tu propio cuerpo también importa. Iremos con calma, y puedes parar cuando quieras.
    }

# en: cad60641
intake-weeks_postpartum =
    { $baby_status ->
        [with_me] ¿Qué edad tiene tu bebé?
          Escríbelo en semanas o meses (por ejemplo, 10 semanas o 3 meses), o escribe la fecha de nacimiento de tu bebé.
       *[other] ¿Cuánto tiempo hace que diste a luz?
          Escríbelo en semanas o meses (por ejemplo, 10 semanas o 3 meses), o escribe la fecha del parto.
    }

# en: 2e5ca954
intake-weeks_postpartum-why =
    La recuperación lleva tiempo, así que lo que es seguro depende del tiempo que haya pasado.

# en: 4f246e95
intake-weeks_postpartum-label =
    Desde el parto

# en: eb0d2375
intake-weeks_postpartum-unit =
    semanas

# en: 6df37daa
intake-weeks_postpartum-unit-one =
    semana

# en: 0f344ae1
intake-delivery =
    ¿Cómo fue el parto?

# en: aaf2b337
intake-delivery-why =
    La recuperación puede ser distinta tras una cesárea o un parto instrumental.

# en: 32eaeb6f
intake-delivery-label =
    Parto

# en: b8f1f7f5
intake-delivery-opt-vaginal =
    Parto vaginal

# en: 43db12e4
intake-delivery-opt-assisted =
    Fórceps o ventosa

# en: ed5295b7
intake-delivery-opt-caesarean =
    Cesárea

# en: ff1edd40
intake-cleared_to_exercise =
    ¿Has tenido ya la revisión posparto, y te dijeron que puedes hacer ejercicio?

# en: 3c182748
intake-cleared_to_exercise-label =
    Revisión posparto

# en: eeb9d764
intake-cleared_to_exercise-yes =
    Sí, todo bien

# en: 8d8c0696
intake-cleared_to_exercise-no =
    No, o aún no

# en: d2ef718b
intake-goals =
    ¿Qué te gustaría conseguir? Elige las que quieras.

# en: d8c12287
intake-goals-label =
    Tus objetivos

# en: f4ccae29
intake-goals-opt-running =
    Correr

# en: f44656e2
intake-goals-opt-strength =
    Ganar fuerza

# en: 5808639d
intake-goals-opt-back_pain_relief =
    Aliviar el dolor de espalda

# en: 8e453157
intake-goals-opt-general_fitness =
    Forma física general

# en: 42ebd6c8
intake-goals-none =
    Aún no lo sé

# en: 11a6767d
intake-goals-done =
    Listo

# en: 8a02a873
intake-breastfeeding =
    { $baby_status ->
        [died] ¿Tu cuerpo sigue produciendo leche materna en este momento?
       *[other] ¿Estás dando el pecho o sacándote leche en este momento?
    }

# en: b8d45ccb
intake-breastfeeding-why =
    Cambia algunos consejos, como beber lo suficiente y llevar un sujetador con buen soporte.

# en: 252f7038
intake-breastfeeding-label =
    Produce leche materna

# en: 85a39ab3
intake-breastfeeding-yes =
    Sí

# en: 1ea442a1
intake-breastfeeding-no =
    No

# en: 2ecc346a
intake-health_conditions =
    ¿Te pasa ahora algo de esto? Marca todo lo que corresponda.

# en: 31954f6c
intake-health_conditions-why =
    Algunos problemas de salud necesitan el visto bueno de un médico antes de hacer ejercicio más intenso.

# en: 55898449
intake-health_conditions-label =
    Salud

# en: 2e812671
intake-health_conditions-opt-heart_condition =
    Problema de corazón

# en: dccf72d9
intake-health_conditions-opt-high_blood_pressure =
    Presión arterial alta

# en: f7363030
intake-health_conditions-opt-anaemia =
    Anemia (hierro bajo)

# en: 9cc0bbbe
intake-health_conditions-opt-eating_disorder =
    Trastorno alimentario

# en: b9276732
intake-health_conditions-opt-recent_injury =
    Una lesión reciente

# en: 6de1a219
intake-health_conditions-opt-chest_pain_on_exertion =
    Dolor en el pecho al esforzarme

# en: de0ed3d0
intake-health_conditions-opt-dizzy_on_exertion =
    Mareo al esforzarme

# en: cc46b0c8
intake-health_conditions-opt-other_condition =
    Otro problema de salud

# en: 161f67ca
intake-health_conditions-none =
    Nada de esto

# en: 11a6767d
intake-health_conditions-done =
    Listo

# en: 04e7c39a
intake-pelvic_symptoms =
    Ahora unas preguntas más íntimas. Desde el parto, ¿has tenido algo de esto?
    Sensación de peso: notar que algo tira o baja, o un bulto en la vagina.

# en: f722a057
intake-pelvic_symptoms-why =
    Son frecuentes después del parto y tienen muy buen tratamiento.

# en: c854771a
intake-pelvic_symptoms-label =
    Suelo pélvico

# en: a16b9f97
intake-pelvic_symptoms-opt-leak_urine =
    Escapes de orina

# en: 2c15f9dd
intake-pelvic_symptoms-opt-urgency =
    Ganas repentinas de orinar

# en: 5bd9daca
intake-pelvic_symptoms-opt-leak_bowel_wind =
    Escapes de gases o heces

# en: aeb07d28
intake-pelvic_symptoms-opt-heaviness_bulge =
    Sensación de peso o bulto

# en: 44b6f80a
intake-pelvic_symptoms-opt-pain_sex =
    Dolor en las relaciones sexuales

# en: b365848d
intake-pelvic_symptoms-opt-bowel_emptying_difficulty =
    Me cuesta vaciar el intestino

# en: e732bc89
intake-pelvic_symptoms-opt-pelvic_pain =
    Dolor pélvico

# en: 161f67ca
intake-pelvic_symptoms-none =
    Nada de esto

# en: 11a6767d
intake-pelvic_symptoms-done =
    Listo

# en: f92b0ce6
intake-tummy_gap =
    Túmbate boca arriba y levanta un poco la cabeza.
    ¿Ves una separación, un bulto o un relieve (abombamiento) a lo largo del centro de la barriga?

# en: 224dbfb7
intake-tummy_gap-why =
    La separación abdominal es frecuente después del embarazo y cambia qué ejercicios te convienen.

# en: 4f7f5766
intake-tummy_gap-label =
    Separación abdominal o abombamiento

# en: 85a39ab3
intake-tummy_gap-yes =
    Sí

# en: 1ea442a1
intake-tummy_gap-no =
    No

# en: e46379cf
intake-bleeding_after_8_weeks =
    ¿Tienes algún sangrado que no sea la menstruación?

# en: aa326478
intake-bleeding_after_8_weeks-why =
    Tanto tiempo después del parto, vale la pena revisar un sangrado que no sea la menstruación.

# en: fc5e61c7
intake-bleeding_after_8_weeks-label =
    Sangrado después de 8 semanas

# en: 85a39ab3
intake-bleeding_after_8_weeks-yes =
    Sí

# en: 1ea442a1
intake-bleeding_after_8_weeks-no =
    No

# en: c9fde109
intake-back_pain =
    ¿Has tenido dolor de espalda en las últimas 2 semanas?

# en: 15d296dd
intake-back_pain-label =
    Dolor de espalda

# en: 85a39ab3
intake-back_pain-yes =
    Sí

# en: 1ea442a1
intake-back_pain-no =
    No

# en: b12b561b
intake-back_pain_area =
    ¿Dónde te duele sobre todo?

# en: 164033d7
intake-back_pain_area-label =
    Dónde duele

# en: 5fbcb9ce
intake-back_pain_area-opt-lower =
    Parte baja de la espalda

# en: 29250f32
intake-back_pain_area-opt-upper_mid =
    Parte alta o media

# en: b6c1d862
intake-back_pain_area-opt-both =
    Ambas

# en: f2b8508f
intake-back_pain_intensity =
    En un día normal, ¿cuánto te duele en el peor momento?
    0 = nada de dolor, 10 = el peor dolor que puedas imaginar.

# en: df471b93
intake-back_pain_intensity-label =
    Peor dolor (0-10)

# en: 5feceb66
intake-back_pain_intensity-opt-0 =
    0

# en: 6b86b273
intake-back_pain_intensity-opt-1 =
    1

# en: d4735e3a
intake-back_pain_intensity-opt-2 =
    2

# en: 4e074085
intake-back_pain_intensity-opt-3 =
    3

# en: 4b227777
intake-back_pain_intensity-opt-4 =
    4

# en: ef2d127d
intake-back_pain_intensity-opt-5 =
    5

# en: e7f6c011
intake-back_pain_intensity-opt-6 =
    6

# en: 7902699b
intake-back_pain_intensity-opt-7 =
    7

# en: 2c624232
intake-back_pain_intensity-opt-8 =
    8

# en: 19581e27
intake-back_pain_intensity-opt-9 =
    9

# en: 4a44dc15
intake-back_pain_intensity-opt-10 =
    10

# en: 6b848090
intake-back_serious_signs =
    ¿Te pasa algo de esto? Marca todo lo que corresponda.
    Pérdida de peso: más de lo esperable tras el parto, sin un motivo claro. Dolor por la noche: no se alivia al descansar ni al cambiar de postura.

# en: 02d94722
intake-back_serious_signs-why =
    Son poco frecuentes, pero indican que un médico debería revisarte la espalda.

# en: 2e5d3d7d
intake-back_serious_signs-label =
    Señales del dolor de espalda

# en: bca0e26a
intake-back_serious_signs-opt-cancer_history =
    Cáncer, ahora o antes

# en: 2c47fed5
intake-back_serious_signs-opt-weight_loss =
    Pérdida de peso sin motivo

# en: e2f069c8
intake-back_serious_signs-opt-night_pain =
    Dolor fuerte por la noche

# en: 7129b9ea
intake-back_serious_signs-opt-trauma =
    Una caída o un accidente

# en: a7f6416a
intake-back_serious_signs-opt-steroids_osteoporosis =
    Corticoides o huesos frágiles

# en: 161f67ca
intake-back_serious_signs-none =
    Nada de esto

# en: 11a6767d
intake-back_serious_signs-done =
    Listo

# en: ae5f6cf8
intake-startback_intro =
    Las 9 preguntas siguientes son una valoración estándar del dolor de espalda, la Keele STarT Back Tool, con mis propias palabras.
    Piensa en las últimas 2 semanas. STarT Back © Keele University.

# en: 3e689350
intake-sb_leg_pain =
    Últimas 2 semanas: en algún momento, el dolor me ha bajado desde la espalda por una pierna.

# en: 94ebd00a
intake-sb_leg_pain-label =
    Dolor que baja por la pierna

# en: da288642
intake-sb_leg_pain-yes =
    De acuerdo

# en: 2f44826e
intake-sb_leg_pain-no =
    En desacuerdo

# en: 4fa1f895
intake-sb_shoulder_neck =
    Últimas 2 semanas: en algún momento, también me ha dolido el cuello o el hombro.

# en: 459bf97b
intake-sb_shoulder_neck-label =
    Dolor de hombro o cuello

# en: da288642
intake-sb_shoulder_neck-yes =
    De acuerdo

# en: 2f44826e
intake-sb_shoulder_neck-no =
    En desacuerdo

# en: f13e504b
intake-sb_walk_short =
    Últimas 2 semanas: por mi espalda, solo he podido caminar distancias cortas.

# en: b1033289
intake-sb_walk_short-label =
    Solo camina distancias cortas

# en: da288642
intake-sb_walk_short-yes =
    De acuerdo

# en: 2f44826e
intake-sb_walk_short-no =
    En desacuerdo

# en: d1c043a1
intake-sb_dress_slowly =
    Últimas 2 semanas: por mi espalda, vestirme me ha llevado más tiempo de lo normal.

# en: ce4df9e0
intake-sb_dress_slowly-label =
    Se viste más despacio

# en: da288642
intake-sb_dress_slowly-yes =
    De acuerdo

# en: 2f44826e
intake-sb_dress_slowly-no =
    En desacuerdo

# en: 461d9f57
intake-sb_unsafe_active =
    Con un problema de espalda como el mío, no creo que sea realmente seguro hacer actividad física.

# en: 9002d85e
intake-sb_unsafe_active-label =
    Siente que moverse no es seguro

# en: da288642
intake-sb_unsafe_active-yes =
    De acuerdo

# en: 2f44826e
intake-sb_unsafe_active-no =
    En desacuerdo

# en: f8decc97
intake-sb_worry =
    Últimas 2 semanas: gran parte del tiempo he tenido en la cabeza pensamientos que me preocupan.

# en: 73fcded9
intake-sb_worry-label =
    Pensamientos preocupantes

# en: da288642
intake-sb_worry-yes =
    De acuerdo

# en: 2f44826e
intake-sb_worry-no =
    En desacuerdo

# en: 220d04e0
intake-sb_never_better =
    Mi dolor de espalda es horrible, y pienso que nunca va a mejorar.

# en: e413eec4
intake-sb_never_better-label =
    Cree que quizá nunca mejore

# en: da288642
intake-sb_never_better-yes =
    De acuerdo

# en: 2f44826e
intake-sb_never_better-no =
    En desacuerdo

# en: c3cec725
intake-sb_no_enjoyment =
    Últimas 2 semanas: en general, no he disfrutado de las cosas con las que antes disfrutaba.

# en: e3d89183
intake-sb_no_enjoyment-label =
    Disfruta menos

# en: da288642
intake-sb_no_enjoyment-yes =
    De acuerdo

# en: 2f44826e
intake-sb_no_enjoyment-no =
    En desacuerdo

# en: 2888d5a3
intake-sb_bothersome =
    En conjunto, ¿cuánto te ha molestado el dolor de espalda en las últimas 2 semanas?

# en: 855c84f0
intake-sb_bothersome-label =
    Cuánto molesta

# en: 93a00d07
intake-sb_bothersome-opt-not_at_all =
    Nada

# en: 165286e6
intake-sb_bothersome-opt-slightly =
    Un poco

# en: 5e59c179
intake-sb_bothersome-opt-moderately =
    Moderadamente

# en: adaa1c6c
intake-sb_bothersome-opt-very_much =
    Mucho

# en: 892cbabe
intake-sb_bothersome-opt-extremely =
    Muchísimo

# en: 82beddf2
intake-mood_intro =
    Dos preguntas rápidas sobre cómo te has sentido en las últimas 2 semanas.
    Vienen del PHQ-2 (Kroenke, Spitzer and Williams), con mis propias palabras.

# en: 27b733fb
intake-mood_intro-why =
    Cómo te sientes importa tanto como la recuperación de tu cuerpo.

# en: 6b6e0313
intake-phq_interest =
    En las últimas 2 semanas, ¿con qué frecuencia has tenido poco interés por hacer cosas, o poca alegría al hacerlas?

# en: 3ea57ad1
intake-phq_interest-why =
    Cómo te sientes importa tanto como la recuperación de tu cuerpo, y el apoyo ayuda.

# en: 9905796c
intake-phq_interest-label =
    Poco interés o placer

# en: 6300ef80
intake-phq_interest-opt-0 =
    Nunca

# en: 15c0478c
intake-phq_interest-opt-1 =
    Algunos días

# en: 086ccb15
intake-phq_interest-opt-2 =
    Más de la mitad de los días

# en: 68bef7fe
intake-phq_interest-opt-3 =
    Casi todos los días

# en: 4db5759b
intake-phq_down =
    En las últimas 2 semanas, ¿con qué frecuencia te has sentido decaída, deprimida o sin esperanza?

# en: 3ea57ad1
intake-phq_down-why =
    Cómo te sientes importa tanto como la recuperación de tu cuerpo, y el apoyo ayuda.

# en: 994dbe11
intake-phq_down-label =
    Ánimo bajo

# en: 6300ef80
intake-phq_down-opt-0 =
    Nunca

# en: 15c0478c
intake-phq_down-opt-1 =
    Algunos días

# en: 086ccb15
intake-phq_down-opt-2 =
    Más de la mitad de los días

# en: 68bef7fe
intake-phq_down-opt-3 =
    Casi todos los días

# en: 34ca4612
intake-sleep =
    { $baby_status ->
        [with_me] ¿Qué tal has dormido últimamente, con los despertares de la noche y todo?
       *[other] ¿Qué tal has dormido últimamente?
    }

# en: d466bcf5
intake-sleep-label =
    Sueño

# en: 94dfd46d
intake-sleep-opt-poor =
    Mal

# en: 565339bc
intake-sleep-opt-ok =
    Regular

# en: c939327c
intake-sleep-opt-good =
    Bien

# en: 0afe8759
intake-energy_eating =
    ¿Te preocupa no comer lo suficiente, o sueles tener poca energía?

# en: 0eb5512f
intake-energy_eating-why =
    Tu cuerpo necesita suficiente energía de la comida para recuperarse y para hacer ejercicio.

# en: ea0a3f02
intake-energy_eating-label =
    Preocupación por comida o energía

# en: 85a39ab3
intake-energy_eating-yes =
    Sí

# en: 1ea442a1
intake-energy_eating-no =
    No

# en: 108b6dc1
intake-height_cm =
    ¿Cuánto mides, en cm? Puedes saltarte esta pregunta.

# en: 25067ea2
intake-height_cm-why =
    Junto con tu peso, muestra cuánta carga soportan tus articulaciones y tu suelo pélvico.

# en: bfe2eca4
intake-height_cm-label =
    Altura

# en: 28d03596
intake-height_cm-skip =
    Saltar

# en: b5039c32
intake-height_cm-unit =
    cm

# en: 08938dfb
intake-weight_kg =
    ¿Y tu peso, en kg? Esta también puedes saltártela.

# en: f2598028
intake-weight_kg-why =
    Junto con tu altura, muestra cuánta carga soportan tus articulaciones y tu suelo pélvico.

# en: 81d27ef6
intake-weight_kg-label =
    Peso

# en: 28d03596
intake-weight_kg-skip =
    Saltar

# en: 131ed734
intake-weight_kg-unit =
    kg

# en: 2fe9acb5
intake-ran_before =
    ¿Corrías antes del embarazo o durante él?

# en: 9393d5bd
intake-ran_before-label =
    Corría antes

# en: 85a39ab3
intake-ran_before-yes =
    Sí

# en: fc9e64bc
intake-ran_before-no =
    No, es nuevo para mí

# en: 91081d93
intake-readiness_intro =
    Correr le exige mucho a tu suelo pélvico, así que primero hay una lista de comprobación: dos listas de pruebas sencillas.
    Cuenta una prueba solo si la hiciste sin dolor, escapes, sensación de peso ni de que algo baja. ¿Aún no las has probado? No pasa nada, déjalas sin marcar.

# en: a62b536a
intake-load_tests_passed =
    ¿Cuáles de estas has hecho sin dolor, escapes, sensación de peso ni de que algo baja?
    • Caminar 30 min: camina a paso ligero durante 30 minutos
    • Equilibrio 10 s: quédate sobre una pierna 10 segundos, de cada lado
    • 10 sentadillas a una pierna: con cada pierna
    • Trotar 1 min: trota sin desplazarte durante un minuto
    • 10 zancadas saltando: 10 zancadas largas saltando hacia delante
    • 10 saltos a una pierna: salta sin desplazarte 10 veces, con cada pierna
    • 10 gestos de carrera: sobre una pierna, lleva la otra rodilla y el brazo contrario hacia delante y hacia atrás, 10 por lado

# en: 44b958c4
intake-load_tests_passed-label =
    Pruebas de carga hechas

# en: 3f1172f6
intake-load_tests_passed-opt-walk_30 =
    Caminar 30 min

# en: df9c03c8
intake-load_tests_passed-opt-balance_10s =
    Equilibrio 10 s

# en: 93b32e42
intake-load_tests_passed-opt-squat_10 =
    10 sentadillas a una pierna

# en: 7ac5ba99
intake-load_tests_passed-opt-jog_1min =
    Trotar 1 min

# en: e9a49737
intake-load_tests_passed-opt-bounds_10 =
    10 zancadas saltando

# en: 203aa4c2
intake-load_tests_passed-opt-hop_10 =
    10 saltos a una pierna

# en: c05499e2
intake-load_tests_passed-opt-running_man_10 =
    10 gestos de carrera

# en: a0d4107e
intake-load_tests_passed-none =
    Aún no he podido con ninguna

# en: 11a6767d
intake-load_tests_passed-done =
    Listo

# en: 5c45d581
intake-strength_tests_passed =
    ¿Y estas pruebas de fuerza, de nuevo solo sin dolor, escapes, sensación de peso ni de que algo baja?
    • 20 elevaciones de talón: sobre una pierna, ponte de puntillas, 20 veces con cada pierna
    • 20 puentes: apoyada en una pierna, levanta la cadera, 20 veces con cada pierna
    • 20 sentarse y levantarse: levántate de una silla con una sola pierna, 20 veces con cada pierna
    • 20 elevaciones laterales: tumbada de lado, levanta la pierna de arriba 20 veces de cada lado

# en: 1b5cd76e
intake-strength_tests_passed-label =
    Pruebas de fuerza hechas

# en: 4dd70749
intake-strength_tests_passed-opt-calf_raise_20 =
    20 elevaciones de talón

# en: 57b7ccdc
intake-strength_tests_passed-opt-bridge_20 =
    20 puentes

# en: 45008460
intake-strength_tests_passed-opt-sit_to_stand_20 =
    20 sentarse y levantarse

# en: a947c352
intake-strength_tests_passed-opt-side_abduction_20 =
    20 elevaciones laterales

# en: a0d4107e
intake-strength_tests_passed-none =
    Aún no he podido con ninguna

# en: 11a6767d
intake-strength_tests_passed-done =
    Listo

# en: 9e1ecd1c
intake-buggy_running =
    { $baby_status ->
        [with_me] ¿Te gustaría correr con tu bebé en un carrito o cochecito?
       *[other] ¿Piensas correr empujando un carrito o cochecito de bebé?
    }

# en: 31e522d6
intake-buggy_running-label =
    Correr con carrito

# en: 85a39ab3
intake-buggy_running-yes =
    Sí

# en: 1ea442a1
intake-buggy_running-no =
    No

# en: 7c33ea20
intake-foot_pain =
    ¿Te duelen los pies, las espinillas o las rodillas al caminar o correr?

# en: 62eff49c
intake-foot_pain-label =
    Dolor de pies, espinillas o rodillas

# en: 85a39ab3
intake-foot_pain-yes =
    Sí

# en: 1ea442a1
intake-foot_pain-no =
    No

# en: db55640f
intake-review =
    Esto es lo que me has contado. Toca una respuesta para cambiarla, o sigue hasta tu plan.

# en: 3fe79278
intake-review-label =
    revisando tus respuestas

# en: 66400a59
intake-plan =
    Gracias, eso es todo. Aquí tienes tu plan.

# en: e43558f8
intake-end_declined =
    No pasa nada, de verdad. No te preguntaré nada.
    Si alguna vez tienes una señal de emergencia (dolor en el pecho, dificultad para respirar, una convulsión), llama ahora al { $emergency_number }.
    Si cambias de opinión, envíame un mensaje cuando quieras y te volveré a preguntar.

# en: a464f295
intake-end_too_young =
    Gracias por contármelo. Restride está hecho para personas de 16 años o más, así que no puedo prepararte un plan.
    Tu matrona, tu enfermera de pediatría o tu médico de cabecera pueden ayudarte a volver a estar activa de forma segura.
    Si alguna vez tienes una señal de emergencia, llama al { $emergency_number }.

# en: f6d0c7c5
intake-end_pregnant =
    Gracias por contármelo. Restride está pensado para la recuperación después del parto, así que sus planes no sirven para el embarazo.
    Tu matrona o tu equipo de control del embarazo pueden decirte qué ejercicio es adecuado para ti ahora.
    Si tienes una señal de emergencia (dolor en el pecho, dificultad para respirar, una convulsión, sangrado abundante), llama ahora al { $emergency_number }.
    Después del parto, podrás volver cuando quieras.

# en: d72e9a99
intake-stop_emergency =
    { text-emergency_now }

# en: f352731c
intake-stop_emergency-v1 =
    { text-crisis_now }

# en: 4b8f7226
intake-stop_warning =
    { text-warning_today }

