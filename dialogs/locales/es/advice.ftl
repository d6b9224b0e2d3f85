# Restride in Spanish: the advice.
# Each message keeps the hash of the English it was translated from
# (`# en:`); `restride check` warns when the English has changed since.

# en: ee045bcb
advice-avoid_crunches-title =
    De momento, nada de abdominales

# en: 65d36330
advice-avoid_crunches-text =
    No hagas abdominales clásicos ni encogimientos, ni ningún movimiento que haga que la barriga se abombe o forme una cresta por el centro. Para levantarte cuando estás tumbada, ponte primero de lado. Los ejercicios de respiración y de suelo pélvico preparan tu abdomen para hacer más cosas más adelante.

# en: b045bcbb
advice-buggy_not_yet-title =
    Correr con carrito, más adelante

# en: 426c2de1
advice-buggy_not_yet-text =
    Correr empujando un carrito o cochecito de bebé suele ser a partir de unos 6 meses después del parto. Empujarlo cambia tu postura y el balanceo de tus brazos, y añade carga extra, así que espera a que correr sin él te resulte fácil.

# en: 0756dcd5
advice-caesarean_recovery-title =
    Cuidar la cicatriz de la cesárea

# en: 931cecef
advice-caesarean_recovery-text =
    Tu abdomen sigue curándose por dentro durante meses, aunque la cicatriz se vea bien. Cuando tosas, te rías o te levantes, sujétala con la mano o con una almohada, y ponte de lado para salir de la cama. Aumenta poco a poco, y para si la cicatriz te duele o te tira.

# en: 1fcb7aad
advice-cross_training-title =
    Mantente en forma sin impacto

# en: 2dca50e6
advice-cross_training-text =
    Mientras llega el momento de correr, la bicicleta, la natación o la elíptica mantienen tu forma física sin sacudir la espalda ni la pelvis. La elíptica es una máquina de gimnasio en la que los pies no se separan de los pedales.

# en: 7f15dfb9
advice-feed_before_exercise-title =
    { $baby_status ->
        [died] Alivio para tus pechos
       *[other] Primero, da el pecho o sácate leche
    }

# en: 8ad4e16e
advice-feed_before_exercise-text =
    { $baby_status ->
        [died] Si notas los pechos llenos o sensibles, un sujetador suave y firme y el movimiento tranquilo les sientan mejor que cualquier actividad con saltos. Tu matrona o tu médico de cabecera pueden hablar contigo sobre cómo ir reduciendo la leche con menos molestias, cuando tú quieras.
       *[other] Si das el pecho, amamantar o sacarte leche antes del ejercicio puede hacer que notes los pechos más ligeros y cómodos. El ejercicio moderado no perjudica tu leche.
    }

# en: 77e9eb2a
advice-hydration-title =
    Bebe suficiente agua

# en: c995ac8b
advice-hydration-text =
    { $baby_status ->
        [died] Producir leche
       *[other] Dar el pecho
    } consume mucho líquido. Bebe algo antes y después del ejercicio, y ten agua cerca mientras te mueves.

# en: db128433
advice-mood_recheck-title =
    Pendiente de tu estado de ánimo

# en: c5eaaffe
advice-mood_recheck-text =
    Tus respuestas sobre el estado de ánimo quedaron en un punto intermedio. Si el ánimo bajo o la pérdida de interés por las cosas dura dos semanas o más, habla con tu médico de cabecera. Si eliges hacer el control diario, allí también te preguntaré cómo te sientes.

# en: 0e8034c9
advice-psychologically_informed_care-title =
    Dolor, preocupación y volver a moverte

# en: cf878dff
advice-psychologically_informed_care-text =
    El dolor de espalda es real, y es normal que te preocupe. Mantenerte activa con suavidad suele ayudar más que el reposo. Un o una fisioterapeuta puede ayudarte tanto con el dolor como con la preocupación, para que te muevas con confianza.

# en: ddf5114c
advice-sleep_recovery-title =
    Descansar te ayuda a recuperarte

# en: 0550d6f2
advice-sleep_recovery-text =
    El sueño interrumpido hace más lenta la recuperación, así que sé amable contigo. En un día difícil, haz la parte más corta y suave de tu plan, o descansa. Cualquier ocasión de tumbarte durante el día cuenta.

# en: 0cc61b15
advice-stop_if_symptoms-title =
    Para si notas que algo no va bien

# en: f64ef734
advice-stop_if_symptoms-text =
    Para y pide consejo si aparecen o empeoran el dolor, los escapes, la sensación de peso o el sangrado, durante el ejercicio o después. Tu médico de cabecera, tu matrona o un o una fisioterapeuta de suelo pélvico pueden ayudarte. Es normal notar un poco de cansancio al día siguiente.

# en: 55769ba4
advice-support_contacts-title =
    Personas con quienes puedes hablar

# en: abf0653d
advice-support_contacts-text =
    { $baby_status ->
        [in_hospital] No tienes que pasar por esto sola mientras tu bebé está en el hospital. Estas personas están ahí para escucharte y ayudarte: { $neonatal_support }.
        [died] No tienes que pasar por esto sola. Estas personas están ahí para escucharte y ayudarte, cuando te sientas preparada: { $bereavement_support }.
       *[other] No tienes que pasar por esto sola. Estas personas están ahí para escucharte y ayudarte: { $support_lines }.
    }

# en: bfb483cf
advice-supportive_bra-title =
    Usa un sujetador con buena sujeción

# en: 518a09b5
advice-supportive_bra-text =
    Un sujetador de tu talla y con buena sujeción hace que moverte sea más cómodo. Tu talla puede haber cambiado desde el parto, así que vale la pena comprobar que te queda bien.

# en: 0a66e699
advice-walk_first-title =
    Camina antes de correr

# en: f9262e42
advice-walk_first-text =
    Como correr es nuevo para ti, primero ve aumentando hasta caminar 30 minutos a paso rápido. Después pasa a ratos cortos de trote alternados con tramos caminando, para que tu cuerpo se acostumbre paso a paso.
