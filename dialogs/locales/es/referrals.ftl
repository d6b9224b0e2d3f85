# Restride in Spanish: the referrals.
# Each message keeps the hash of the English it was translated from
# (`# en:`); `restride check` warns when the English has changed since.

# en: c86a911f
referral-dietitian-name =
    Dietista-nutricionista

# en: 23172caa
referral-dietitian-who =
    Profesional con titulación en alimentación y nutrición.

# en: 64f91789
referral-dietitian-what =
    Puede ayudarte a comer de forma que tu cuerpo tenga energía para recuperarse y para hacer ejercicio.

# en: e29cfdc4
referral-dietitian-reason-bmi_30 =
    Por la altura y el peso que me indicaste, un o una dietista-nutricionista puede ayudarte a planificar una alimentación que apoye tu recuperación y una vuelta cómoda al ejercicio.

# en: 3d23c3f8
referral-dietitian-reason-energy_eating =
    Me contaste que te preocupa no comer lo suficiente o que te notas con poca energía; un o una dietista-nutricionista puede ayudarte a darle a tu cuerpo lo que necesita.

# en: 72de9732
referral-emergency_services-name =
    Servicios de emergencia

# en: 423c9f59
referral-emergency_services-who =
    El teléfono de emergencias, para cuando la ayuda no puede esperar.

# en: 254de34f
referral-emergency_services-what =
    Te enviarán ayuda o te dirán exactamente qué hacer en ese mismo momento.

# en: ee0c65c5
referral-emergency_services-reason-urgent_emergency =
    Me contaste una señal que necesita ayuda de inmediato, así que, por favor, llama ahora al número de emergencias.

# en: b0aebdf8
referral-exercise_physiologist-name =
    Especialista en ejercicio

# en: e4526f9e
referral-exercise_physiologist-who =
    Profesional que planifica el ejercicio de personas con necesidades de salud, también después del parto.

# en: 470f36cf
referral-exercise_physiologist-what =
    Puede evaluar tu fuerza y tu equilibrio, y prepararte un camino seguro para volver a correr.

# en: 2ec193f2
referral-exercise_physiologist-reason-running_support =
    Te gustaría correr, y algunas cosas indican que conviene prepararte poco a poco primero; un o una especialista en ejercicio puede planificarlo contigo.

# en: 7bd7fc2e
referral-gp-name =
    Médico de cabecera (médico de familia)

# en: cc8d17d4
referral-gp-who =
    Tu médico de familia, que cuida de tu salud en general.

# en: 1d236ebf
referral-gp-what =
    Puede ver cómo te estás recuperando, hablar contigo de lo que necesites y derivarte a otro profesional si hace falta.

# en: 0efec279
referral-gp-reason-baby_not_home =
    Gracias por hablarme de tu bebé; tu médico de cabecera puede cuidar de tu propia recuperación y ayudarte a encontrar el apoyo que sientas adecuado para ti.

# en: 87844dc1
referral-gp-reason-back_serious_signs =
    Conviene mirar con más atención algunas cosas que me contaste sobre tu espalda; tu médico de cabecera puede revisarlas en los próximos días.

# en: 492d6cdd
referral-gp-reason-health_condition =
    Mencionaste un problema de salud; tu médico de cabecera puede comprobar que un ejercicio más activo es adecuado para ti antes de que aumentes la intensidad.

# en: 79d581c4
referral-gp-reason-late_bleeding =
    Me contaste que has tenido un sangrado después de las 8 semanas que no es la menstruación; tu médico de cabecera puede ver a qué se debe.

# en: baadddcc
referral-gp-reason-mood_low =
    Me contaste que te has sentido decaída o que disfrutas menos de las cosas; tu médico de cabecera puede hablar contigo de cómo te sientes y de qué podría ayudarte. Si alguna vez sientes que podrías hacerte daño, llama enseguida a { $crisis_line } o al { $emergency_number }.

# en: 073f6390
referral-gp-reason-mood_offer =
    En varios controles diarios has puntuado tu ánimo como bajo; tu médico de cabecera puede escucharte y ayudarte a encontrar apoyo.

# en: 961696be
referral-gp-reason-not_cleared =
    Dijiste que todavía no has tenido una revisión posparto que te dé el visto bueno para hacer ejercicio; tu médico de cabecera puede hacerte esa revisión.

# en: ebe5e786
referral-pelvic_floor_physio-name =
    Fisioterapeuta de suelo pélvico

# en: 75bddda9
referral-pelvic_floor_physio-who =
    Fisioterapeuta con formación en los músculos y los órganos de la pelvis; a veces se le llama fisioterapeuta de salud de la mujer.

# en: 5f81b4ca
referral-pelvic_floor_physio-what =
    Puede revisar tu suelo pélvico y tus músculos abdominales, y darte ejercicios adaptados a tu cuerpo.

# en: f635fb42
referral-pelvic_floor_physio-reason-new_pelvic_symptom =
    Me contaste un síntoma nuevo en la pelvis; un o una fisioterapeuta de suelo pélvico puede revisarlo y ajustar tu plan.

# en: 4c6ed441
referral-pelvic_floor_physio-reason-pelvic_floor =
    Mencionaste síntomas en la pelvis o una separación o un bulto en la barriga; un o una fisioterapeuta de suelo pélvico puede revisarlos y orientarte con el ejercicio.

# en: 09998351
referral-physio-name =
    Fisioterapeuta

# en: 64a9dc87
referral-physio-who =
    Profesional de la salud que ayuda con el dolor y el movimiento de músculos y articulaciones.

# en: 75d41627
referral-physio-what =
    Puede revisar tu espalda y preparar un plan paso a paso para que te muevas con más confianza.

# en: 048434fe
referral-physio-reason-startback_high =
    Parece que el dolor de espalda te está pesando mucho; un o una fisioterapeuta puede ayudarte tanto con el dolor como con la preocupación que lo acompaña.

# en: 482c966e
referral-physio-reason-startback_medium =
    Tus respuestas sobre la espalda indican que te vendría bien algo de ayuda extra; un o una fisioterapeuta puede revisarla y guiar tu recuperación.

# en: 94cd7ce5
referral-physio-reason-step_down =
    El dolor ha aumentado en los últimos días; un o una fisioterapeuta puede revisar tu espalda y ajustar tu plan.

# en: 8f9de312
referral-podiatrist-name =
    Podólogo o podóloga

# en: ede4bcc6
referral-podiatrist-who =
    Profesional de la salud que cuida de los pies y la parte baja de las piernas.

# en: 9e7ce43f
referral-podiatrist-what =
    Puede revisar tus pies y tu forma de caminar y de correr, y aconsejarte sobre calzado o plantillas.

# en: e570dc86
referral-podiatrist-reason-foot_pain =
    Me contaste que te duelen los pies, las espinillas o las rodillas al caminar o correr; un podólogo o una podóloga puede revisarlos y ayudarte.

# en: f62c3b20
referral-psychologist-name =
    Psicólogo o psicóloga

# en: a2d86b2d
referral-psychologist-who =
    Profesional que ayuda con las emociones, los pensamientos y las tensiones de la vida.

# en: 0cd72eef
referral-psychologist-what =
    Puede hablar contigo de forma confidencial y ayudarte a encontrar maneras de sentirte más tú misma.

# en: f8dba96e
referral-psychologist-reason-mood_low =
    Me contaste que te has sentido decaída o que disfrutas menos de las cosas; un psicólogo o una psicóloga puede ayudarte con cómo te sientes. Mientras tanto, si todo se te hace demasiado, puedes llamar a { $crisis_line }.

# en: b6cb37bf
referral-psychologist-reason-mood_rescreen_high =
    Tus respuestas sobre tu estado de ánimo indican que podría ayudarte hablar con alguien; un psicólogo o una psicóloga puede ayudarte con eso.

# en: 60154530
referral-urgent_care-name =
    Médico de cabecera, matrona o unidad de maternidad, hoy

# en: 4a6bf7ab
referral-urgent_care-who =
    Tu médico de cabecera, tu matrona o la unidad de maternidad, o un servicio de urgencias si no consigues contactar con ellos.

# en: a2b687ca
referral-urgent_care-what =
    Pueden revisarte hoy y asegurarse de que recibas la atención adecuada.

# en: 6eabbc5c
referral-urgent_care-reason-urgent_same_day =
    Me contaste una señal que se debe revisar hoy, así que, por favor, contacta ahora con tu médico de cabecera, tu matrona o la unidad de maternidad.

