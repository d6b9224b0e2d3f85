# Restride in Spanish: texts outside the flows.
# Each message keeps the hash of the English it was translated from
# (`# en:`); `restride check` warns when the English has changed since.

# en: 524cd795
text-about =
    {""}*Sobre Restride*
    Restride es una ayuda para el cribado, no un médico ni un dispositivo médico certificado. No hace diagnósticos; te ayuda a ver qué es seguro para ti ahora y quién puede ayudarte.

    Las preguntas sobre el dolor de espalda siguen el Keele STarT Back Screening Tool (© Keele University), y las preguntas sobre el estado de ánimo, el PHQ-2 (Kroenke, Spitzer and Williams), formuladas con nuestras propias palabras. Los consejos se basan en guías publicadas sobre la vuelta al ejercicio y a correr después del parto.

# en: 551c1905
text-back_first =
    Esta es la primera pregunta, así que no hay ninguna anterior a la que volver.

# en: 8f262a08
text-change_cancel =
    Mejor no

# en: 9bc3516b
text-change_level =
    Ejercicio

# en: b00c05d3
text-change_new_referral =
    Ahora conviene consultar

# en: cfa0c46e
text-change_no_referral =
    Ya no hace falta

# en: e3e05bf6
text-change_none =
    Tu plan sigue igual.

# en: 04da6248
text-change_now =
    (Tu respuesta fue: { $answer })

# en: 3c45f39e
text-change_pick =
    ¿Qué respuesta quieres cambiar?

# en: f4ccae29
text-change_running =
    Correr

# en: c0a2de9b
text-change_title =
    {""}*Qué ha cambiado en tu plan:*

# en: 9bc3516b
text-chart_exercise =
    Ejercicio

# en: 5ef5ef03
text-chart_exercise_all =
    todo

# en: 140bedbf
text-chart_exercise_none =
    nada

# en: a6b46dd0
text-chart_exercise_some =
    parte

# en: 4864b416
text-chart_months =
    ene feb mar abr may jun jul ago sep oct nov dic

# en: 757f0311
text-chart_mood =
    Ánimo (1-5)

# en: 00790bac
text-chart_no_data =
    Aún no hay controles diarios en estos 30 días

# en: 8b81c4d0
text-chart_not_tracked =
    No se ha registrado en estos 30 días

# en: 1ff9ac1d
text-chart_pain =
    Dolor de espalda (0-10)

# en: f69cea6c
text-chart_pelvic =
    Síntomas pélvicos

# en: 3cfc5a65
text-checkin_ask_time =
    ¿A qué hora del día te viene bien? Elige una o indica otra hora.

# en: 2b844aec
text-checkin_ask_zone =
    Control diario a las { $time }. ¿En qué zona horaria estás? He supuesto que es { $zone }.

# en: abaaea0c
text-checkin_auto_paused =
    Hace una semana que no sé de ti, así que he pausado tus controles diarios. Toca abajo cuando quieras retomarlos.

# en: 4da9c6a1
text-checkin_bad_time =
    No he entendido esa hora. Por favor, escríbela así: 09:15 o 18:30.

# en: 06c04a93
text-checkin_bad_zone =
    No conozco esa zona horaria. Elige una abajo o escribe un nombre como Europe/Madrid o America/Lima.

# en: 71e210e7
text-checkin_change_time =
    Cambiar hora

# en: 8b863b03
text-checkin_change_zone =
    Cambiar zona

# en: da250a2c
text-checkin_declined =
    No pasa nada. Si cambias de opinión, envía /checkin.

# en: e466b1ed
text-checkin_done_today =
    Ya has hecho el control de hoy. ¡Gracias! Hasta mañana.

# en: 47e2e249
text-checkin_hello =
    Es la hora de tu control diario. Solo unos toques rápidos:

# en: e45fd71a
text-checkin_needs_plan =
    Los controles diarios empiezan cuando tu plan esté listo. Envía /start para seguir con las preguntas.

# en: e7c003a8
text-checkin_new_exercises =
    {""}*Tus ejercicios por ahora:*

# en: 481bfe41
text-checkin_not_set =
    Todavía no tienes controles diarios. Envía /checkin para activarlos.

# en: 9540b0fc
text-checkin_now =
    Hacer el control ahora

# en: bf517964
text-checkin_nudge =
    Solo paso a saludarte: hace unos días que no sé de ti. Sin presión; un control rápido me ayuda a mantener tu plan ajustado a ti.

# en: e0242a3c
text-checkin_offer =
    ¿Quieres hacer un breve control diario? Lleva menos de un minuto, y ajustaré tu plan según cómo te encuentres. Puedes pausarlo o dejarlo cuando quieras.

# en: e1a09365
text-checkin_offer_no =
    No, gracias

# en: e360440a
text-checkin_offer_yes =
    Sí, por favor

# en: 0403778a
text-checkin_other_time =
    Otra hora

# en: d93a698e
text-checkin_other_zone =
    Otra zona horaria

# en: 36071944
text-checkin_pause_3 =
    3 días

# en: a2f81034
text-checkin_pause_7 =
    Una semana

# en: 49f32e4a
text-checkin_pause_ask =
    ¿Cuánto tiempo quieres descansar de los controles diarios?

# en: 4112c787
text-checkin_pause_open =
    Hasta que los reanude

# en: 4d8d94fd
text-checkin_paused =
    Los controles diarios están en pausa. Envía /resume cuando estés lista.

# en: 9ef07d0b
text-checkin_paused_days =
    Los controles diarios están en pausa por ahora; volverán a empezar solos. Envía /resume para retomarlos antes.

# en: 70c64c87
text-checkin_pick_zone =
    Elige tu zona horaria o escribe su nombre (como Europe/Madrid).

# en: 8242241b
text-checkin_quiet =
    No envío mensajes entre las { $start } y las { $end }, para que puedas descansar. Por favor, elige una hora fuera de ese horario.

# en: 4e91153b
text-checkin_resume_button =
    Retomar los controles

# en: f1f3b021
text-checkin_resumed =
    ¡Bienvenida de nuevo! Los controles diarios vuelven a estar activos, todos los días a las { $time }.

# en: a4b7fddf
text-checkin_seen_hint =
    Cuando ya te hayan visto, envía /checkin y cuéntamelo; volveré a dejar tu plan como estaba.

# en: a5865910
text-checkin_set =
    Todo listo: haré el control contigo todos los días a las { $time } ({ $zone }). Envía /checkin para cambiarlo o hacer el control ahora, /pause para tomarte un descanso y /stop para dejar los controles diarios.

# en: bd4778df
text-checkin_settings =
    Tu control diario es a las { $time } ({ $zone }).

# en: 8cb60c23
text-checkin_stopped =
    Los controles diarios están desactivados. Tu plan sigue aquí (/plan). Envía /checkin si quieres volver a tenerlos.

# en: 7181cc60
text-checkin_thanks =
    Gracias. Sigue con tu plan y escucha a tu cuerpo.

# en: cb94c67b
text-checkin_type_time =
    Escribe la hora que prefieras, por ejemplo 09:15.

# en: d9cf8a0f
text-checkin_who =
    {""}*Conviene pedir cita con:*

# en: f7d25e8b
text-clinic_contact =
    (tel. { $phone })

# en: 4273048c
text-clinic_unknown_link =
    Ese enlace no corresponde a ninguna clínica que yo conozca, así que seguiremos sin clínica: nada de lo que me cuentes se comparte con nadie. Si una clínica te dio el enlace, pídele uno nuevo.

# en: 1e588dcb
text-clinic_unknown_link_kept =
    Ese enlace no corresponde a ninguna clínica que yo conozca, así que no ha cambiado nada. /sharing muestra quién recibe tu resumen.

# en: 4487cd5f
text-clinic_unnamed =
    tu clínica

# en: c200bb7f
text-clinic_welcome =
    ¡Hola! *{ $clinic_name }* te ha pedido que pruebes Restride antes de tu cita.
    Dentro de un momento te preguntaré, en una pregunta aparte, si quieres compartir tu resumen con la clínica. La clínica no puede ver tus respuestas mientras contestas.

# en: 2a6019ad
text-command_about =
    Qué es Restride

# en: c1e7de45
text-command_back =
    Volver a la pregunta anterior

# en: 6c2004f8
text-command_checkin =
    Control diario: activarlo, cambiarlo o hacerlo ya

# en: cb202e46
text-command_delete =
    Borrar todo lo que hay sobre ti

# en: 8b078142
text-command_help =
    Ayuda y número de emergencias

# en: ef06dffd
text-command_language =
    Cambiar el idioma

# en: 0e7718c0
text-command_mydata =
    Todo lo que se guarda sobre ti

# en: 94626e15
text-command_pause =
    Descansar de los controles diarios

# en: 40ce99a2
text-command_plan =
    Ver tu plan de nuevo

# en: 3710ff99
text-command_privacy =
    Qué se guarda y por qué

# en: 3e8d6738
text-command_progress =
    Tu gráfico de progreso

# en: 7f46b895
text-command_restart =
    Empezar las preguntas de nuevo

# en: e46edfe9
text-command_resume =
    Reanudar los controles diarios

# en: 22897e15
text-command_sharing =
    Quién ve tu resumen

# en: 7803d098
text-command_start =
    Empezar, o seguir donde lo dejaste

# en: 78958043
text-command_stop =
    Dejar los controles diarios

# en: 9106ca74
text-command_summary =
    Ver tus respuestas

# en: b147ffad
text-command_update =
    Contarme qué ha cambiado

# en: deca7dbc
text-crisis_now =
    Por favor, llama ahora al { $emergency_number }. También puedes llamar a { $crisis_line } para hablar con alguien enseguida.
    Cuéntales lo que sientes o notas, y cuándo diste a luz.
    No vayas conduciendo tú misma. Si hay alguien cerca, pídele que se quede contigo.
    No estás sola, y no es culpa tuya. Puede pasar después del parto, y la ayuda funciona.

# en: 7d57ac08
text-days =
    { $count ->
    [one] 1 día
    *[other] { $count } días
    }

# en: 1ab52bfb
text-delete_confirm =
    ¿Borrar todo lo que tengo guardado sobre ti? Se borrarán tus respuestas y tu plan, y no se puede deshacer.

# en: 075ce0ca
text-delete_kept =
    De acuerdo, no se ha borrado nada.

# en: f7687d96
text-delete_no =
    No, consérvalo

# en: 11162225
text-delete_shared_note =
    Compartiste tu resumen con { $clinic_name }. Al borrarlo todo, también sales de su lista, pero no puedo retirar lo que ya han recibido; pregunta a la clínica{ $clinic_contact } si quieres que lo eliminen.

# en: 59de4d2e
text-delete_yes =
    Sí, bórralo todo

# en: 49892828
text-deleted =
    Listo: se ha borrado todo lo que se guardaba sobre ti. Si quieres empezar de nuevo, envía /start.

# en: 002d4828
text-emergency_now =
    Por favor, llama ahora al { $emergency_number }.
    Cuéntales lo que está pasando y cuándo diste a luz.
    No vayas conduciendo tú misma. Si hay alguien cerca, pídele que se quede contigo.
    El ejercicio puede esperar hasta que te hayan visto.

# en: e423fa56
text-export_urgency_emergency =
    emergencia: llamar ahora al número de emergencias

# en: fde55b36
text-export_urgency_routine =
    ordinaria

# en: 69176d23
text-export_urgency_same_day =
    mismo día: médico de cabecera, unidad de maternidad o urgencias hoy

# en: ad830ae2
text-export_urgency_soon =
    pronto: médico de cabecera en unos días

# en: 54b357d9
text-finished_already =
    Tu plan está listo. Envía /plan para verlo de nuevo, /summary para ver tus respuestas o /restart para empezar de nuevo.

# en: e0259586
text-flow_updated =
    He actualizado mis preguntas desde la última vez que hablamos. He guardado las respuestas que siguen valiendo, así que seguimos desde aquí.

# en: 27527e7f
text-help =
    {""}*Restride* te hace preguntas cortas y te da un plan para volver a hacer ejercicio de forma segura.
    Toca los botones o escribe tu respuesta.

    /back vuelve a la pregunta anterior, /summary muestra tus respuestas, /plan muestra tu plan, /restart empieza de nuevo.
    /checkin activa el control diario o te deja hacerlo; /pause, /resume y /stop lo cambian; /progress dibuja tu gráfico; /update vuelve a preguntarte lo que ha cambiado.
    /sharing muestra si una clínica recibe tu resumen, /privacy explica qué se guarda, /mydata te lo envía todo, /delete lo borra. /language cambia el idioma.

    ⚠️ Si te encuentras mal de una forma que te asusta, o tienes dolor en el pecho, dificultad para respirar o pensamientos de hacerte daño a ti o a tu bebé, llama ahora al *{ $emergency_number }*. Apoyo en crisis: { $crisis_line }.

# en: 52f21e8d
text-language_ask =
    ¿Qué idioma quieres que use?

# en: ac4408e1
text-language_set =
    A partir de ahora te hablaré en español. Se conservan todas tus respuestas.

# en: faa8bcfe
text-language_unknown =
    Lo siento, todavía no sé hablar ese idioma.

# en: dca13388
text-level_gentle =
    suave

# en: 4152ec01
text-level_low_impact =
    de bajo impacto

# en: d36cae64
text-level_none_until_seen =
    ninguno hasta que te hayan visto

# en: efb1ab8e
text-level_progressive =
    progresivo

# en: ee7641af
text-link_code_ask =
    { $clinic_name } debería haberte dado un código corto junto con este enlace (por teléfono o en tu carta). Escríbelo aquí y pondré junto a tu resumen la referencia que la clínica tiene para ti, para que llegue a la persona adecuada.

# en: 9a69edc9
text-link_code_gave_up =
    No he podido asociar ese enlace contigo, así que tu resumen irá a { $clinic_name } sin su referencia. Si quieres que lo asocien, pide a la clínica{ $clinic_contact } un enlace nuevo.

# en: c96433fb
text-link_code_ok =
    Gracias, coincide: { $clinic_name } encontrará tu resumen con la referencia que tiene para ti.

# en: c29c9012
text-link_code_skip =
    No tengo código

# en: e5eebdfe
text-link_code_skipped =
    De acuerdo, seguimos sin el código. { $clinic_name } recibirá igualmente tu resumen si lo compartes; puede que te hagan una o dos preguntas para encontrarlo.

# en: 65966d83
text-link_code_wrong =
    Ese código no coincide. Revísalo y vuelve a escribirlo, o toca el botón para seguir sin él.

# en: f5f94b9a
text-link_used =
    Este enlace personal de { $clinic_name } ya se ha usado, así que no puedo asociarlo contigo. Aun así, puedes seguir adelante y compartir tu resumen con { $clinic_name }; si necesitas un enlace nuevo, pídeselo a la clínica{ $clinic_contact }.

# en: c0184518
text-long_message =
    Gracias por escribirme. Aquí solo puedo leer respuestas cortas, así que puede que no entienda lo que me has dicho. Si sientes que no puedes más, o que podrías hacerte daño, por favor, llama a { $crisis_line }, o al { $emergency_number } si es una emergencia. Cuando estés lista, aquí tienes otra vez la pregunta.

# en: 727f50d2
text-media_reprompt =
    Solo puedo leer texto y toques en los botones, así que no he podido leer eso.

# en: 2df6f187
text-moved_on =
    Esa pregunta ya ha quedado atrás, así que ese botón ya no funciona. Aquí es donde estamos ahora.

# en: e3ddc694
text-mydata_about =
    Todo lo que Restride guarda sobre este chat: tus respuestas y tu plan, tus controles diarios, el resumen que compartiste con una clínica, un enlace de clínica asociado a ti, tu función como personal de la clínica si la tienes, y las líneas del registro de una clínica que te mencionan (quién recibió o abrió tu resumen, y cuándo).

# en: 04b55113
text-mydata_caption =
    Todo lo que Restride guarda sobre ti.

# en: fc12cc33
text-no_flow =
    Lo siento, algo falla por mi parte. Por favor, inténtalo de nuevo más tarde; si te encuentras mal, llama al { $emergency_number }.

# en: 7b0e74eb
text-offer_accepted =
    Genial, vamos allá.

# en: 5cd3a396
text-offer_declined =
    De acuerdo. Te lo volveré a preguntar en otro momento.

# en: 909cb811
text-plan_book =
    Pedir cita

# en: bd73eb2b
text-plan_checklist =
    Tu lista para comprobar si estás preparada (✓ hecho sin síntomas):

# en: 82fa6da4
text-plan_dose =
    Cuánto

# en: 955491ad
text-plan_level_gentle =
    {""}*Esta semana: ejercicios suaves*
    Movimientos lentos y sencillos que te ayudan a recuperarte. Nada que te deje sin aliento ni fuerce tu abdomen o tu suelo pélvico.

# en: f503ecee
text-plan_level_low_impact =
    {""}*Esta semana: ejercicios de bajo impacto*
    Movimientos que desarrollan la fuerza sin saltar ni correr. Haz cada uno de forma cómoda.

# en: 0f585e4c
text-plan_level_progressive =
    {""}*Esta semana: tus ejercicios*
    Puedes ir aumentando poco a poco. Añade un poco más cada semana mientras todo vaya bien.

# en: 357fcf2e
text-plan_none_until_seen =
    No hay plan de ejercicio hasta que te hayan visto: tu seguridad es lo primero.

# en: 8b31b971
text-plan_not_ready =
    Tu plan aún no está listo. Primero terminemos las preguntas; aquí es donde nos quedamos.

# en: d901faf6
text-plan_running_graded_return =
    {""}*Correr: una vuelta gradual*
    Has superado las pruebas de preparación, así que puedes empezar el plan de caminar y correr (/ex\_walk\_run\_intervals), 3 veces por semana con un día de descanso entre medias. Pasa a la siguiente etapa solo si te sentiste bien mientras corrías y al día siguiente; vuelve a la etapa anterior si algo duele, tienes escapes o notas sensación de peso. Sigue también con tus ejercicios de fuerza.

# en: 437adf43
text-plan_running_not_yet =
    {""}*Correr: todavía no*
    Por ahora, correr tendrá que esperar; se trata de darle a tu cuerpo el comienzo adecuado, no de que hayas hecho nada mal. Lo que lo frena:

# en: 19d8a580
text-plan_running_prepare =
    {""}*Correr: preparándote*
    Te falta poco. Sigue ganando fuerza y repite la lista de abajo dentro de 2 a 4 semanas; cada prueba debería resultarte fácil, sin dolor, escapes, sensación de peso ni de que algo baja.

# en: dbdb0ad6
text-plan_steps_hint =
    Toca el enlace /ex que aparece después de un ejercicio para ver sus pasos.

# en: 36401993
text-plan_stop_line =
    ⚠️ *Para y pide consejo* si aparecen o empeoran el dolor, los escapes, la sensación de peso o el sangrado. Si te encuentras mal de una forma que te asusta, llama al { $emergency_number }.

# en: eaebae5d
text-plan_tips =
    {""}*Consejos para ti*

# en: c65aed99
text-plan_title =
    {""}*Tu plan de Restride*
    Hecho a partir de tus respuestas de hoy. Sirve de cribado y de guía; no es un diagnóstico.

# en: 9ee8554e
text-plan_urgency_emergency =
    {""}*Primero:* llama ahora al { $emergency_number }.

# en: 5ed786a2
text-plan_urgency_same_day =
    {""}*Primero:* por favor, contacta hoy con tu médico de cabecera, tu matrona o la unidad de maternidad. Si no consigues hablar con ellos, llama al { $emergency_number } y di que has dado a luz en el último año.

# en: 1114652f
text-plan_urgency_soon =
    {""}*Primero:* por favor, pide cita con tu médico de cabecera para los próximos días. Conviene que un médico revise algunas de tus respuestas antes de que hagas algo más que ejercicio suave.

# en: 3b53f742
text-plan_who =
    {""}*A quién consultar y por qué*

# en: 3bec9bbd
text-plan_withdrawn_emergency_signs =
    ⚠️ Me hablaste de { $signs } y luego dijiste que fue un error. Si llega a pasar, llama al { $emergency_number } de inmediato.

# en: 2a6aaa64
text-plan_withdrawn_warning_signs =
    ⚠️ Me hablaste de { $signs } y luego dijiste que fue un error. Si llega a pasar, contacta ese mismo día con tu médico de cabecera, tu matrona o la unidad de maternidad; si no consigues hablar con ellos, llama al { $emergency_number }.

# en: 5884f442
text-poster_body =
    Antes de tu cita, responde unas preguntas cortas y recibe un plan de ejercicio hecho para ti.

# en: 2d5eb251
text-poster_emergency =
    Esto no es para emergencias. Si necesitas ayuda ahora, llama al { $emergency_number }.

# en: cc51b6f4
text-poster_headline =
    ¿Vuelves a hacer ejercicio después de dar a luz?
# en: 0ef81076
text-poster_patient =
    Para: { $patient } (este enlace es para una sola persona; por favor, no lo compartas)

# en: 35050e23
text-poster_privacy =
    Tus respuestas son privadas. { $clinic_name } solo ve un resumen si tú lo aceptas, y /delete borra tus respuestas.

# en: 6a313500
text-poster_scan =
    Apunta la cámara de tu teléfono al código para empezar en Telegram.

# en: 20312ec2
text-poster_time =
    Son unos 5 minutos: entre 25 y 40 toques, una pregunta cada vez.

# en: 93a60a5f
text-privacy =
    {""}*Tu privacidad*
    Guardo tus respuestas, el punto de las preguntas en el que estás y tu plan, para que puedas volver cuando quieras. Nada más: ni nombre ni número de teléfono. Todo se guarda cifrado con una clave solo tuya, únicamente pueden acceder las personas que gestionan este servicio y nunca se vende. Si llegaste a través del enlace de una clínica, la clínica recibe tu resumen solo si dices que sí; /sharing te lo muestra o te permite cambiarlo.

    /mydata te envía todo lo que hay guardado sobre ti. /delete destruye tu clave y lo borra todo.

# en: cf48155e
text-private_only =
    ¡Hola! Para proteger la privacidad de la información de salud, solo hablo en chats privados. Toca aquí para abrir uno: { $link }

# en: 9385f182
text-programme_done =
    Semana { $week }: ya has pasado por todas las etapas. Corre a un ritmo cómodo y ve añadiendo un poco cada vez.

# en: 2b568d2a
text-programme_stage =
    • Semanas { $from } a { $to }: { $text }

# en: 8d0bacd2
text-programme_stage_now =
    {""}*{ $stage }* ← esta semana

# en: 78a8aad9
text-programme_stage_one =
    • Semana { $from }: { $text }

# en: 7bf48262
text-programme_you_are_in =
    Estás en la semana { $week }:

# en: 360cc661
text-progress =
    _Parte { $part } de { $parts }: { $title }_

# en: 7f410cdf
text-progress_checkins =
    En los últimos 30 días hiciste el control { $count ->
    [one] una vez
    *[other] { $count } veces
    }.

# en: a2e7c4ff
text-progress_exercise_all =
    Ejercicio completo: { $days }.

# en: fb62b843
text-progress_exercise_both =
    Ejercicio completo: { $all }; hecho en parte: { $some }.

# en: e8596ffb
text-progress_exercise_some =
    Ejercicio hecho en parte: { $days }.

# en: 517cae4a
text-progress_mood =
    Ánimo medio: { $mood } de 5.

# en: 7851d8f2
text-progress_no_recent =
    No has hecho ningún control en los últimos 30 días. Cuando te sientas lista, con un control rápido retomamos donde lo dejamos.

# en: bdcfcd84
text-progress_none =
    Tu gráfico de progreso empieza con tu primer control diario. Envía /checkin para configurarlos.

# en: 0ecfd0d2
text-progress_none_yet =
    Aún no has hecho ningún control. Cuando respondas el primero, tu progreso aparecerá aquí.

# en: 16a63226
text-progress_pain_change =
    El dolor de espalda ha pasado de { $first } a { $last } (sobre 10).

# en: 5120d392
text-progress_pain_once =
    El dolor de espalda fue de { $last } (sobre 10).

# en: ad644c34
text-progress_pain_same =
    El dolor de espalda se ha mantenido en { $last } (sobre 10).

# en: ca0d9541
text-progress_pelvic =
    Síntomas pélvicos: { $days }.

# en: 6676c98d
text-progress_pelvic_none =
    No se han anotado síntomas pélvicos.

# en: 7d082791
text-progress_streak =
    Racha actual: { $days }.

# en: 93a323f6
text-reprompt_change =
    Por favor, envía el número de la respuesta que quieres cambiar.

# en: 5f7594d3
text-reprompt_choice =
    Perdona, no lo he entendido. Por favor, toca uno de los botones o envía su número.

# en: af45ff91
text-reprompt_date_ambiguous =
    ¿{ $first } o { $second }? Esa fecha se puede leer de las dos maneras. Por favor, escribe el mes con letras, como 4 de marzo de 2026.

# en: 33e7c387
text-reprompt_months =
    También puedes escribirlo en meses, como "4 meses", o dar la fecha del parto, como 4 de marzo de 2026.

# en: 818e85d7
text-reprompt_multi =
    Por favor, toca las opciones que correspondan (o envía sus números, como 1 3) y luego toca Listo.

# en: 6a119ed9
text-reprompt_multi_empty =
    Todavía no has marcado nada. Toca las opciones que correspondan o toca "{ $none }".

# en: 3d84a77a
text-reprompt_number =
    Por favor, envía un número entero entre { $min } y { $max }.

# en: 400d2a97
text-reprompt_number_unit =
    Por favor, envía un número entero de { $unit } entre { $min } y { $max }.

# en: f37b9da2
text-reprompt_text_long =
    Es un poco largo. Por favor, usa menos de { $max } caracteres.

# en: 59701219
text-reprompt_text_pattern =
    Eso no parece del todo correcto. Por favor, inténtalo de nuevo.

# en: 24b31c6a
text-reprompt_yes_no =
    Perdona, no lo he entendido. Por favor, toca uno de los botones o responde sí o no.

# en: 171c0853
text-restart_confirm =
    ¿Empezar de nuevo desde el principio? Se borrarán las respuestas que has dado hasta ahora.

# en: 43f426ba
text-restart_hint =
    Si algo ha cambiado, envía /restart para empezar de nuevo desde el principio.

# en: 74de29d2
text-restart_no =
    No, continuar

# en: f42eb484
text-restart_no_done =
    De acuerdo, seguimos.

# en: 73820c75
text-restart_yes =
    Sí, empezar de nuevo

# en: 4f604228
text-retention_warning =
    Una nota sobre tus datos: los guardo durante { $days ->
    [one] 1 día
    *[other] { $days } días
    } desde la última vez que hablamos. Si quieres que los siga guardando, solo tienes que enviar cualquier mensaje o hacer un control esta semana; si no, se borrarán dentro de 7 días.

# en: 434a9003
text-review_change =
    Cambiar una respuesta

# en: fe4be041
text-review_confirm =
    Todo correcto, ver mi plan

# en: 9c02d499
text-running_graded_return =
    plan de caminar y correr

# en: c94b824a
text-running_not_assessed =
    no es un objetivo

# en: 3b82aae1
text-running_not_yet =
    todavía no

# en: 634cef4c
text-running_prepare =
    en preparación

# en: 2474404f
text-running_why_back_pain_running =
    Tu dolor de espalda debería calmarse un poco primero; mientras tanto, mantente en forma sin ejercicios de impacto.

# en: 31e154ab
text-running_why_back_serious_signs =
    Algunas señales de tu dolor de espalda debe revisarlas primero tu médico de cabecera.

# en: 27c3abef
text-running_why_bmi_30 =
    Correr supone mucha carga para tus articulaciones y tu suelo pélvico; un dietista-nutricionista y un especialista en ejercicio pueden ayudarte a prepararte poco a poco.

# en: 0d852dff
text-running_why_health_condition =
    Un problema de salud que mencionaste necesita el visto bueno de tu médico de cabecera antes de correr.

# en: 215dbb57
text-running_why_late_bleeding =
    Un sangrado pasadas las 8 semanas debe revisarlo primero tu médico de cabecera.

# en: 8d7690c2
text-running_why_not_cleared =
    Todavía no te han dado el visto bueno en tu revisión posparto.

# en: c0c1c555
text-running_why_pelvic_floor =
    Lo mejor es que un fisioterapeuta de suelo pélvico revise primero los síntomas de suelo pélvico o de abdomen.

# en: 6aebae38
text-running_why_readiness_tests =
    Todavía no todas las pruebas de preparación te resultan cómodas.

# en: c9dba235
text-running_why_running_under_12_weeks =
    Han pasado menos de 12 semanas desde el parto; tu cuerpo necesita ese tiempo para recuperarse antes de correr.

# en: 39d03896
text-share_no =
    No, solo para mí

# en: 6256f09c
text-share_no_done =
    De acuerdo, no se envía nada a { $clinic_name }. Si cambias de opinión, envía /sharing.

# en: 1db68123
text-share_question =
    ¿Quieres que envíe tu resumen a *{ $clinic_name }* para que puedan preparar tu cita?
    No ven tus respuestas mientras contestas. Si dices que sí, recibirán un resumen cuando tu plan esté listo, y una breve nota si un control diario muestra una señal de alarma o un síntoma nuevo.
    Si dices que no, tu plan no cambia en nada. Puedes cambiar de opinión cuando quieras con /sharing.

# en: 80bae973
text-share_question_plan =
    ¿Quieres que envíe el plan que ya tienes, junto con un resumen de tus respuestas, a *{ $clinic_name }*?
    También recibirían una breve nota si un control diario muestra una señal de alarma o un síntoma nuevo. Nunca ven tus respuestas mientras contestas.
    Si dices que no, tu plan no cambia en nada. Puedes cambiar de opinión cuando quieras con /sharing.

# en: dcdf2a39
text-share_skipped =
    Por ahora lo tomo como un no, así que no se envía nada a { $clinic_name }. Puedes cambiarlo cuando quieras con /sharing. Aquí es donde estábamos:

# en: 91e45463
text-share_yes =
    Sí, compartir con ellos

# en: 1f47d7f9
text-share_yes_later =
    Gracias. { $clinic_name } recibirá tu resumen cuando tu plan esté listo. /sharing te lo muestra o te permite cambiarlo.

# en: 8c1d0218
text-share_yes_sent =
    Listo: he enviado tu resumen a { $clinic_name }. /sharing te lo muestra o te permite cambiarlo.

# en: abfe12e4
text-sharing_keep =
    Dejarlo como está

# en: a4a9258a
text-sharing_none =
    No llegaste a través del enlace de una clínica, así que no se comparte nada con nadie. Tus respuestas se quedan en Restride.

# en: 0a92422c
text-sharing_off =
    No se comparte nada con *{ $clinic_name }*. Si quieres que reciban tu resumen, toca abajo.

# en: 5eced46f
text-sharing_on =
    Estás compartiendo tu resumen con *{ $clinic_name }*. Lo reciben cuando tu plan está listo, y también una breve nota si un control muestra una señal de alarma o un síntoma nuevo.
    Si dejas de compartir, no se les envía nada más y sales de su lista. No puedo retirar lo que ya han recibido; contacta con la clínica{ $clinic_contact } si quieres que lo borren.

# en: f9fecfac
text-sharing_start =
    Compartir con { $clinic_name }

# en: b2c78147
text-sharing_stop =
    Dejar de compartir

# en: 73cb356d
text-sharing_stopped =
    Has dejado de compartir. { $clinic_name } no recibirá nada más de mi parte y ya no estás en su lista. Lo que ya recibieron se queda con ellos; contacta con la clínica{ $clinic_contact } si quieres que lo borren.

# en: bb163d79
text-sharing_unchanged =
    De acuerdo, no ha cambiado nada.

# en: 28b9d4e5
text-staff_alert =
    {""}*Alerta de control de Restride { $ref }*: { $what }. Envía /patient { $code } para ver su resumen y su evolución.

# en: 7cd4d2ca
text-staff_alert_new_pelvic_symptom =
    ha notificado un síntoma nuevo de suelo pélvico; se le ha aconsejado consultar con un fisioterapeuta de suelo pélvico

# en: 966b47fb
text-staff_alert_step_down =
    el dolor ha aumentado, así que se ha bajado el nivel de sus ejercicios

# en: 9150e0a4
text-staff_alert_urgent_stop =
    ha notificado una señal de alarma; se le ha indicado que busque atención médica hoy (o que llame al número de emergencias si es una señal de emergencia)

# en: 26be33ce
text-staff_bad_code =
    Ese código no ha funcionado. Los códigos solo sirven una vez y caducan a las 24 horas; por favor, pide uno nuevo a tu responsable de Restride.

# en: a2464994
text-staff_enrolled =
    Ya formas parte del personal de *{ $clinic_name }* en Restride.
    Cuando una paciente acepte compartir, recibirás aquí su resumen. /patients muestra los resúmenes compartidos recientes, y /patient seguido de una referencia muestra uno.
    Cada consulta queda anotada en el registro de auditoría de la clínica.

# en: dbd9e4c3
text-staff_key_answers =
    Lo que nos contó

# en: 043b6655
text-staff_level =
    Nivel de ejercicio:

# en: dca13388
text-staff_level_gentle =
    suave

# en: 4152ec01
text-staff_level_low_impact =
    de bajo impacto

# en: 8232c3d6
text-staff_level_none_until_seen =
    ninguno hasta que sea valorada

# en: b7c03e34
text-staff_level_progressive =
    progresivo

# en: b914f4ac
text-staff_next =
    Más antiguos ›

# en: 50c81fef
text-staff_no_checkins =
    Aún no hay controles diarios.

# en: 338e83eb
text-staff_no_patient =
    No hay ningún resumen compartido con esa referencia. Envía /patients para ver la lista.

# en: a1aa9dfb
text-staff_only =
    Este comando es solo para el personal de clínica registrado.

# en: 322ec39b
text-staff_patient_usage =
    Envía /patient seguido de una referencia de /patients, por ejemplo /patient R-7KQ2M9XA.

# en: ebc0e12e
text-staff_patients_empty =
    Ahora mismo ninguna paciente de { $clinic_name } está compartiendo un resumen.

# en: 88fa5844
text-staff_patients_hint =
    Envía /patient y una referencia para abrir uno.

# en: f7becb0a
text-staff_patients_referrals =
    { $count ->
    [one] 1 derivación
    *[other] { $count } derivaciones
    }

# en: 957d7529
text-staff_patients_title =
    {""}*Resúmenes compartidos, { $clinic_name }* (más recientes primero, página { $page } de { $pages })

# en: b7aebd45
text-staff_prev =
    ‹ Más recientes

# en: 6b3f1838
text-staff_referrals =
    Derivaciones, con el motivo que se le dio

# en: f860021a
text-staff_running =
    Correr:

# en: 9b2d8878
text-staff_running_graded_return =
    vuelta progresiva (caminar y correr)

# en: c94b824a
text-staff_running_not_assessed =
    no es un objetivo

# en: 3b82aae1
text-staff_running_not_yet =
    todavía no

# en: c7dcd2cb
text-staff_running_prepare =
    preparación (ganar fuerza, repetir las pruebas)

# en: c5b8de40
text-staff_scores =
    Puntuaciones:

# en: 26cd76ed
text-staff_status_declined =
    No aceptó empezar el cuestionario inicial.

# en: 557057b7
text-staff_status_not_eligible =
    El cuestionario inicial terminó antes de tiempo: el plan de Restride no se ajusta a su situación.

# en: 37bdf5b0
text-staff_status_stopped_urgent =
    El cuestionario inicial se detuvo en una señal de alarma, así que todavía no hay plan de ejercicio.

# en: ccd00635
text-staff_summary_footer =
    /patient { $ref } vuelve a mostrar esto con la evolución de sus controles.

# en: d0a0427d
text-staff_summary_title =
    {""}*Resumen de Restride { $ref }* para { $clinic_name }

# en: 1d737df0
text-staff_summary_when =
    Fecha del plan: { $date }, { $weeks ->
    [one] 1 semana
    *[other] { $weeks } semanas
    } después del parto. Esto es un resumen de cribado, no un diagnóstico.

# en: 80c71cc8
text-staff_summary_when_early =
    Cuestionario inicial terminado: { $date }, antes de preguntar cuántas semanas han pasado desde el parto. Esto es un resumen de cribado, no un diagnóstico.

# en: b60b03be
text-staff_trend =
    {""}*Controles diarios* hechos: { $days }. Dolor, últimos 14 (0-10): { $pain }
    Días con síntomas pélvicos (últimos 14): { $pelvic } · días con alarma: { $warnings } · bajadas de nivel: { $step_downs }
    Nivel de ejercicio actual: { $level }

# en: 466ae450
text-staff_urgency_emergency =
    🚨 *EMERGENCIA*: se le indicó que llamara ahora al número de emergencias.

# en: c94f9a09
text-staff_urgency_same_day =
    🔴 *URGENTE*: se le indicó que buscara atención médica hoy (médico de cabecera, unidad de maternidad o urgencias).

# en: 4bf6d262
text-staff_urgency_soon =
    🟠 *Pronto*: se le aconsejó ver a un médico de cabecera en los próximos días.

# en: e06b4866
text-staff_usage =
    Para unirte a tu clínica en Restride, envía /staff seguido del código que te dio tu responsable de Restride, así: /staff ABCD2345EFGH

# en: 3634f141
text-staff_withdrawn =
    ⚠️ Notificó { $signs } ({ $at }) y luego lo retiró por haberlo marcado por error ({ $withdrawn }). Conviene preguntarle.

# en: 52f6949a
text-summary_empty =
    Todavía no has respondido ninguna pregunta.

# en: 3d1f2f2c
text-summary_title =
    Esto es lo que me has contado:

# en: a74a1ab7
text-terminal_help =
    Escribe el número de tu respuesta o la respuesta en sí.
    /back vuelve a la pregunta anterior, /summary muestra tus respuestas, /plan tu plan, /exercise <id> los pasos de un ejercicio, /restart empieza de nuevo.
    /checkin configura o hace un control diario; /pause, /resume y /stop los cambian; /progress dibuja tu gráfico; /update vuelve a preguntar lo que ha cambiado.
    /start <código de clínica> entra a través del enlace de una clínica; /sharing muestra lo que recibe. /mydata guarda en un archivo todo lo almacenado; /delete lo borra. /quit sale.
    Si te encuentras mal de una forma que te asusta, llama ahora al { $emergency_number }.

# en: d796367f
text-terminal_welcome =
    {""}*Restride* (demo sin conexión). Escribe el número de tu respuesta o la respuesta en sí; /help muestra los comandos. Nada de lo que escribes sale de este equipo.

# en: a19a7010
text-too_fast =
    Me estás enviando mensajes más rápido de lo que puedo leerlos, así que me he saltado uno. Por favor, espera mi respuesta antes de enviar la siguiente; todas tus respuestas anteriores están guardadas.

# en: e407e1b3
text-too_long =
    Ese mensaje es un poco largo para mí (más de 1000 caracteres). Por favor, envía una respuesta más corta.

# en: 43179ef6
text-unknown_command =
    No conozco ese comando. Envía /help para ver lo que puedo hacer.

# en: 290c6e07
text-unknown_exercise =
    No conozco ese ejercicio. Toca un enlace /ex de tu plan para ver sus pasos.

# en: 709de5eb
text-update_ask =
    ¿Qué ha cambiado? Elige una opción y te volveré a hacer solo esas preguntas.

# en: 15d296dd
text-update_back =
    Dolor de espalda

# en: 09554cee
text-update_check =
    Ya tuve mi revisión posparto

# en: 60394f6e
text-update_goals =
    Mis objetivos

# en: 8e25545b
text-update_health =
    Un problema de salud

# en: 35052316
text-update_mood =
    Ánimo, sueño o energía

# en: fed862fa
text-update_pelvic =
    Suelo pélvico o abdomen

# en: b416e71e
text-update_start =
    Gracias por contármelo. Unas pocas preguntas y luego tu plan actualizado.

# en: 6f7dca0d
text-urgent_again =
    Me has contado esto: { $signs }. Por favor, haz esto primero:

# en: b1e91606
text-warning_today =
    Por favor, contacta hoy con tu médico de cabecera, tu matrona o la unidad de maternidad.
    Si no consigues contactar con ellos, llama al { $emergency_number } y di que has dado a luz en el último año.
    Por favor, no hagas ejercicio hasta que te hayan visto.

# en: 9aef3213
text-weekly_all =
    Hiciste todos tus ejercicios { $days }.

# en: 122d0a3f
text-weekly_chart_hint =
    /progress muestra el gráfico.

# en: 61a11e94
text-weekly_checkins =
    { $count ->
    [one] 1 control
    *[other] { $count } controles
    } esta semana.

# en: fd7e32f0
text-weekly_none =
    Esta semana no has hecho ningún control, y no pasa nada. Cuando estés lista, aquí estoy.

# en: 333e2b22
text-weekly_title =
    {""}*Tu semana con Restride*

# en: 1d44e818
text-welcome_back =
    ¡Hola de nuevo! Íbamos por: { $question }. Aquí la tienes otra vez.

# en: 63ee5184
text-withdraw_ask =
    Me has contado esto: { $signs }. ¿Lo marcaste por error? Si de verdad te está pasando, por favor no lo cambies y haz esto ahora:

# en: 67546e0e
text-withdraw_done =
    Gracias por comprobarlo. He anotado que lo marcaste y que luego me dijiste que fue un error. Aquí tienes otra vez esa pregunta.

# en: 5a9f4a01
text-withdraw_no =
    No, es real

# en: 5799f204
text-withdraw_yes =
    Fue un error
# en: 266f5ebf
text-typed_words =
    sí=yes si=yes no=no vale=yes
    semana=week semanas=weeks sem=weeks
    mes=month meses=months
    día=day días=days dia=day dias=days
    año=year años=years ano=year anos=years
    y=and hace=ago casi=nearly unos=about unas=about más=over mas=over
    un=1 una=1 uno=1 dos=2 tres=3 cuatro=4 cinco=5 seis=6 siete=7 ocho=8 nueve=9 diez=10 once=11 doce=12
    enero=january febrero=february marzo=march abril=april mayo=may junio=june julio=july agosto=august septiembre=september setiembre=september octubre=october noviembre=november diciembre=december
    de= del= el= la=
    listo=done ninguno=none ninguna=none nada=none saltar=skip omitir=skip

# en: 5521d565
text-terminal_toggle_hint =
    (escribe los números para marcar o desmarcar, y después «listo»)

# en: 6ef7c9b1
text-staff_risk_high =
    alto

# en: 6c1ff09d
text-staff_risk_low =
    bajo

# en: c082456a
text-staff_risk_medium =
    medio

# en: ede85f7b
text-staff_score_bmi =
    IMC { $bmi }

# en: bc910f9b
text-staff_score_phq2 =
    PHQ-2 { $total }

# en: 418fc6dd
text-staff_score_startback =
    STarT Back { $total }

# en: 610fcdd6
text-staff_score_startback_detail =
    STarT Back { $total } (psicosocial { $psych }, riesgo { $risk })


# en: ade39ee8
text-date_words =
    { $day } de { $month } de { $year }

# en: 61f6e4e0
text-month_names =
    enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre


# en: dd108a97
text-answer_with_unit =
    { $n ->
    [one] { $n } { $unit_one }
    *[other] { $n } { $unit }
    }

