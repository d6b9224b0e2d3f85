# Restride in Spanish: the exercise cards.
# Each message keeps the hash of the English it was translated from
# (`# en:`); `restride check` warns when the English has changed since.

# en: c88596ab
exercise-pelvic_floor_contractions-name =
    Contraer y soltar el suelo pélvico

# en: 6ce0e3ae
exercise-pelvic_floor_contractions-summary =
    Aprieta y eleva los músculos que hay bajo la vejiga y el intestino, y después suéltalos del todo.

# en: 7837013a
exercise-pelvic_floor_contractions-step1 =
    El suelo pélvico es el grupo de músculos que sostiene la vejiga, el útero y el intestino. Siéntate o acuéstate de lado.

# en: f5a4386b
exercise-pelvic_floor_contractions-step2 =
    Respira con normalidad. Ahora aprieta como si aguantaras un gas y a la vez cortaras el chorro de orina, y eleva los músculos hacia arriba.

# en: 9ac68343
exercise-pelvic_floor_contractions-step3 =
    Sigue respirando mientras mantienes, hasta 10 segundos. Al principio, mantener menos tiempo está bien.

# en: 126fb4d1
exercise-pelvic_floor_contractions-step4 =
    Después suelta del todo, hasta que notes los músculos blandos y pesados. Descansa el mismo tiempo que mantuviste.

# en: 84578ef0
exercise-pelvic_floor_contractions-step5 =
    Termina con contracciones rápidas: aprieta con fuerza y suelta enseguida.

# en: 8a2dc745
exercise-pelvic_floor_contractions-dose =
    10 contracciones lentas (mantén hasta 10 segundos y descansa lo mismo) y 10 rápidas, 3 veces al día

# en: 02d98bbc
exercise-pelvic_floor_contractions-caution1 =
    Detente si te duele y díselo a un fisioterapeuta de suelo pélvico.

# en: 7d4cb659
exercise-pelvic_floor_contractions-caution2 =
    No practiques cortando el chorro mientras orinas; eso puede alterar la forma en que se vacía la vejiga.

# en: db2d3db5
exercise-pelvic_floor_contractions-caution3 =
    Si no notas que los músculos se sueltan, haz menos contracciones y dedica más tiempo a soltar.

# en: 878287b8
exercise-pelvic_floor_relaxation-name =
    Soltar el suelo pélvico

# en: 98565268
exercise-pelvic_floor_relaxation-summary =
    Respira despacio y deja que los músculos bajo la vejiga y el intestino se aflojen, sin apretar.

# en: 86d5781c
exercise-pelvic_floor_relaxation-step1 =
    El suelo pélvico es el grupo de músculos que sostiene la vejiga, el útero y el intestino. A veces se mantiene demasiado apretado.

# en: b7ca3eb1
exercise-pelvic_floor_relaxation-step2 =
    Acuéstate boca arriba o de lado con una almohada bajo las rodillas, o siéntate con los pies apoyados en el suelo.

# en: 12b90276
exercise-pelvic_floor_relaxation-step3 =
    Toma aire despacio por la nariz. Deja que el abdomen se eleve e imagina que la zona entre tus piernas se ensancha y desciende.

# en: 3d67b41a
exercise-pelvic_floor_relaxation-step4 =
    Suelta el aire suavemente con los labios relajados. No aprietes; deja que todo siga suelto.

# en: 685ca987
exercise-pelvic_floor_relaxation-step5 =
    Si se han tensado la mandíbula, los hombros o los glúteos, suéltalos también.

# en: a27e89a2
exercise-pelvic_floor_relaxation-dose =
    5 minutos, 1 o 2 veces al día

# en: 9640b5e2
exercise-pelvic_floor_relaxation-caution1 =
    Detente si el dolor empeora y díselo a un fisioterapeuta de suelo pélvico.

# en: 185c6b2c
exercise-pelvic_floor_relaxation-caution2 =
    Por ahora, no hagas ejercicios de contracción, salvo que un fisioterapeuta de suelo pélvico te indique otra cosa.

# en: 3c0fb155
exercise-diaphragmatic_breathing-name =
    Respiración abdominal profunda

# en: ab18cada
exercise-diaphragmatic_breathing-summary =
    Respiraciones lentas que abren las costillas bajas y el abdomen, para calmar el cuerpo y ayudar a tus músculos abdominales profundos.

# en: 9816de4f
exercise-diaphragmatic_breathing-step1 =
    Siéntate o acuéstate cómodamente. Apoya una mano en las costillas bajas y la otra en el abdomen.

# en: 0c8c444c
exercise-diaphragmatic_breathing-step2 =
    Toma aire por la nariz contando hasta 4, más o menos. Nota cómo las costillas se abren hacia los lados y el abdomen se afloja.

# en: 3603f4b1
exercise-diaphragmatic_breathing-step3 =
    Suelta el aire despacio por la boca contando hasta 6, más o menos, como si quisieras empañar un espejo.

# en: b8a72e08
exercise-diaphragmatic_breathing-step4 =
    Mantén los hombros y el cuello relajados todo el tiempo.

# en: a0bf307c
exercise-diaphragmatic_breathing-dose =
    De 8 a 10 respiraciones, 2 o 3 veces al día

# en: 46ddf968
exercise-diaphragmatic_breathing-caution1 =
    Detente si notas mareo o aturdimiento, y vuelve a respirar con normalidad.

# en: 1dabd513
exercise-walking-name =
    Caminar

# en: 50a01cdf
exercise-walking-summary =
    Paseos tranquilos que se alargan un poco cada semana.

# en: 64e3e551
exercise-walking-step1 =
    Empieza con un paseo corto, a un ritmo que te permita hablar con frases completas.

# en: 05fd1248
exercise-walking-step2 =
    Camina erguida y deja que los brazos se balanceen.

# en: c6a4329d
exercise-walking-step3 =
    Cada semana, añade unos 5 minutos si la semana anterior te sentó bien.

# en: a22514ea
exercise-walking-step4 =
    Cuando 30 minutos te resulten fáciles, puedes caminar un poco más rápido o añadir una pequeña cuesta.

# en: 01ab60c3
exercise-walking-dose =
    Para empezar, de 10 a 15 minutos casi todos los días, hasta llegar poco a poco a 30 minutos, 5 días a la semana

# en: 506dfea1
exercise-walking-dose1 =
    30 minutos o más a paso rápido, casi todos los días: ya caminas tanto sin dificultad

# en: f37ffcce
exercise-walking-caution1 =
    Detente si notas dolor, escapes de orina, sensación de peso o de que algo baja en la pelvis, o si el sangrado aumenta o vuelve a ser rojo.

# en: 35d5a8ba
exercise-walking-caution2 =
    Un día que estés cansada o con molestias, está bien caminar menos.

# en: 658cb788
exercise-pelvic_tilt-name =
    Basculación pélvica

# en: e8541702
exercise-pelvic_tilt-summary =
    Boca arriba, mueve suavemente la pelvis para aplanar la curva de la zona lumbar y luego soltarla.

# en: 27a895d3
exercise-pelvic_tilt-step1 =
    Acuéstate boca arriba. Dobla las rodillas y apoya los pies en el suelo, separados al ancho de la cadera.

# en: 746b36a0
exercise-pelvic_tilt-step2 =
    Toma aire y deja que la zona lumbar descanse en su curva natural.

# en: d1de0f2c
exercise-pelvic_tilt-step3 =
    Suelta el aire y lleva suavemente el coxis hacia arriba, de modo que la zona lumbar se acerque al suelo.

# en: b11f09a7
exercise-pelvic_tilt-step4 =
    Mantén de 3 a 5 segundos sin dejar de respirar, y vuelve a la posición inicial.

# en: e7e2141b
exercise-pelvic_tilt-step5 =
    Para levantarte después, gírate primero de lado y empuja con los brazos.

# en: f59471eb
exercise-pelvic_tilt-dose =
    10 basculaciones, 1 o 2 veces al día

# en: 1b2b0653
exercise-pelvic_tilt-caution1 =
    Detente si el dolor de espalda se vuelve más agudo o se extiende por una pierna.

# en: 6ec61929
exercise-pelvic_tilt-caution2 =
    Haz un movimiento pequeño y suave; debe resultarte fácil.

# en: d2771127
exercise-cat_cow-name =
    Gato y vaca

# en: 03406589
exercise-cat_cow-summary =
    Apoyada en manos y rodillas, redondea la espalda despacio y luego arquéala con suavidad, al ritmo de tu respiración.

# en: 7ce42fc8
exercise-cat_cow-step1 =
    Apóyate en manos y rodillas, con las manos bajo los hombros y las rodillas bajo la cadera.

# en: 2564dd1b
exercise-cat_cow-step2 =
    Suelta el aire y redondea la espalda hacia el techo, dejando caer la cabeza.

# en: 8ff59254
exercise-cat_cow-step3 =
    Toma aire y deja que la espalda se hunda un poco mientras miras suavemente hacia delante.

# en: c7c54a24
exercise-cat_cow-step4 =
    Pasa despacio de una postura a otra, solo hasta donde estés cómoda.

# en: 38730aa7
exercise-cat_cow-dose =
    De 8 a 10 ciclos lentos, una o dos veces al día

# en: 61452e19
exercise-cat_cow-caution1 =
    Detente si te duelen la espalda o las muñecas; puedes apoyarte en los antebrazos.

# en: 8582fd04
exercise-cat_cow-caution2 =
    Si tienes separación abdominal (diástasis) o te hicieron una cesárea, hunde la espalda solo un poco para que el abdomen no cuelgue.

# en: f6c91bdf
exercise-bird_dog-name =
    Brazo y pierna opuestos

# en: ae676dc6
exercise-bird_dog-summary =
    Apoyada en manos y rodillas, estira un brazo hacia delante y la pierna contraria hacia atrás, con la espalda estable.

# en: 9e7619e4
exercise-bird_dog-step1 =
    Apóyate en manos y rodillas, con las manos bajo los hombros y las rodillas bajo la cadera, y la espalda larga y recta.

# en: 2898df94
exercise-bird_dog-step2 =
    Suelta el aire y desliza una pierna estirada hacia atrás por el suelo; levántala solo hasta la altura de la cadera.

# en: 893fde99
exercise-bird_dog-step3 =
    Cuando te sientas estable, estira a la vez el brazo contrario hacia delante.

# en: e9aeca7f
exercise-bird_dog-step4 =
    Mantén de 3 a 5 segundos sin que la cadera se incline ni la espalda se hunda.

# en: 8e7f020e
exercise-bird_dog-step5 =
    Vuelve despacio y cambia de lado.

# en: bb3e094f
exercise-bird_dog-dose =
    De 6 a 10 por cada lado, una vez al día, de 3 a 4 días a la semana

# en: de8e0cea
exercise-bird_dog-caution1 =
    Detente si te duele la espalda o si ves que el abdomen se abomba o sobresale por el centro.

# en: 06371d35
exercise-bird_dog-caution2 =
    Si te cuesta mantener el equilibrio, deja la pierna baja; el control importa más que la altura.

# en: 3892e103
exercise-glute_bridge-name =
    Puente

# en: 3bdd9189
exercise-glute_bridge-summary =
    Boca arriba, aprieta los glúteos y eleva un poco la cadera; después bájala despacio.

# en: 27a895d3
exercise-glute_bridge-step1 =
    Acuéstate boca arriba. Dobla las rodillas y apoya los pies en el suelo, separados al ancho de la cadera.

# en: c0f4f6bc
exercise-glute_bridge-step2 =
    Suelta el aire, eleva suavemente el suelo pélvico y empuja con los talones.

# en: 78d544d3
exercise-glute_bridge-step3 =
    Eleva la cadera solo hasta que el cuerpo forme una línea de los hombros a las rodillas, o menos.

# en: cd45b15b
exercise-glute_bridge-step4 =
    Mantén 3 segundos y baja despacio, apoyando la espalda poco a poco.

# en: 8e43612d
exercise-glute_bridge-step5 =
    Gírate de lado antes de levantarte.

# en: 64c228bc
exercise-glute_bridge-dose =
    De 8 a 12 elevaciones, una vez al día, de 3 a 4 días a la semana

# en: f62ec1fe
exercise-glute_bridge-caution1 =
    Detente si te duele la espalda o la pelvis, o si notas escapes de orina o sensación de peso.

# en: c2571d6e
exercise-glute_bridge-caution2 =
    Después de una cesárea, eleva poco la cadera hasta que la cicatriz lo tolere sin molestias.

# en: 0f808d4d
exercise-side_lying_leg_lift-name =
    Elevación de pierna de lado

# en: e4541e25
exercise-side_lying_leg_lift-summary =
    Acostada de lado, eleva un poco la pierna de arriba y bájala con control.

# en: 488d8920
exercise-side_lying_leg_lift-step1 =
    Acuéstate de lado, con la cabeza sobre el brazo o una almohada. Dobla la rodilla de abajo para tener equilibrio.

# en: eb0c4562
exercise-side_lying_leg_lift-step2 =
    Estira la pierna de arriba para que quede alineada con el cuerpo.

# en: 74b7c698
exercise-side_lying_leg_lift-step3 =
    Suelta el aire y eleva la pierna de arriba el ancho de una mano, sin que la cadera se gire hacia atrás.

# en: b8420348
exercise-side_lying_leg_lift-step4 =
    Bájala despacio y repite; después date la vuelta y haz el otro lado.

# en: da98bad2
exercise-side_lying_leg_lift-dose =
    De 8 a 12 por cada lado, una vez al día, de 3 a 4 días a la semana

# en: 55356474
exercise-side_lying_leg_lift-caution1 =
    Detente si notas dolor en la parte delantera de la cadera, en la pelvis o en el pubis.

# en: 62f678f9
exercise-hip_roll-name =
    Balanceo de rodillas

# en: 1e00e55f
exercise-hip_roll-summary =
    Boca arriba y con las rodillas dobladas, deja que las dos rodillas se balanceen despacio de un lado a otro.

# en: 6c4949b1
exercise-hip_roll-step1 =
    Acuéstate boca arriba. Dobla las rodillas para que los pies queden apoyados en el suelo, con rodillas y pies juntos.

# en: 34b5e7ed
exercise-hip_roll-step2 =
    Abre los brazos hacia los lados, con las palmas hacia abajo.

# en: da529776
exercise-hip_roll-step3 =
    Suelta el aire y deja que las dos rodillas caigan despacio hacia un lado, solo hasta donde estés cómoda.

# en: df817fe8
exercise-hip_roll-step4 =
    Toma aire para volver al centro, y luego ve hacia el otro lado.

# en: 59d50c3d
exercise-hip_roll-dose =
    De 5 a 10 hacia cada lado, una o dos veces al día

# en: 5dfa96c0
exercise-hip_roll-caution1 =
    Detente si notas un dolor agudo en la espalda o tirantez alrededor de la cicatriz de una cesárea.

# en: 2377214e
exercise-hip_roll-caution2 =
    Al principio, haz un movimiento pequeño.

# en: 79436938
exercise-childs_pose-name =
    Descanso en postura del niño

# en: 49a65349
exercise-childs_pose-summary =
    De rodillas, lleva los glúteos hacia los talones e inclínate hacia delante para que la espalda se estire.

# en: 112f23b1
exercise-childs_pose-step1 =
    Arrodíllate sobre una superficie blanda con las rodillas separadas, lo bastante para dejar sitio al abdomen y al pecho.

# en: 59651ece
exercise-childs_pose-step2 =
    Lleva los glúteos hacia los talones. Un cojín entre los glúteos y los talones lo hace más fácil.

# en: 383cd2f1
exercise-childs_pose-step3 =
    Lleva las manos hacia delante y apoya la frente en el suelo, en las manos o en un cojín.

# en: 63d463f2
exercise-childs_pose-step4 =
    Respira despacio llevando el aire hacia la espalda y deja que se ensanche.

# en: 4492e2fc
exercise-childs_pose-dose =
    Mantén la postura de 5 a 8 respiraciones lentas; repítelo 2 o 3 veces, una o dos veces al día

# en: 81c95e8f
exercise-childs_pose-caution1 =
    Detente si te duelen las rodillas, la espalda o la cicatriz de una cesárea; un cojín bajo el pecho puede ayudar.

# en: e029c55c
exercise-foam_roller_release-name =
    Automasaje con rodillo de espuma

# en: e7d186ce
exercise-foam_roller_release-summary =
    Haz rodar despacio los muslos, los glúteos y la parte alta de la espalda sobre un rodillo de espuma para aliviar los músculos tensos.

# en: 01f4c5a5
exercise-foam_roller_release-step1 =
    Un rodillo de espuma es un cilindro de espuma firme. Ponlo en el suelo y apoya sobre él la zona que quieres aliviar.

# en: cfeff075
exercise-foam_roller_release-step2 =
    Sostén tu peso con las manos y los pies, para controlar cuánta presión recibe la zona.

# en: d02cb1fc
exercise-foam_roller_release-step3 =
    Rueda despacio a lo largo del músculo. Si encuentras un punto tenso, quédate ahí unas cuantas respiraciones.

# en: 0a5415a2
exercise-foam_roller_release-step4 =
    Pasa a la siguiente zona: la parte externa de los muslos, los glúteos y luego la parte alta de la espalda.

# en: d37641f5
exercise-foam_roller_release-dose =
    De 30 a 60 segundos por zona, de 3 a 4 días a la semana

# en: 928d8e31
exercise-foam_roller_release-caution1 =
    Detente si notas un dolor agudo, hormigueo o adormecimiento.

# en: dd477136
exercise-foam_roller_release-caution2 =
    No pases el rodillo por el abdomen, por la cicatriz de una cesárea ni por la zona lumbar.

# en: d6cc542b
exercise-thoracic_extension-name =
    Apertura de la espalda alta

# en: 161b4930
exercise-thoracic_extension-summary =
    Inclina suavemente la parte alta de la espalda sobre el respaldo de una silla o una toalla enrollada, para contrarrestar la postura encorvada.

# en: d91c9a4d
exercise-thoracic_extension-step1 =
    Siéntate en una silla de respaldo firme que te llegue más o menos a los omóplatos, o acuéstate con una toalla enrollada bajo la parte alta de la espalda, de lado a lado.

# en: cc9a6500
exercise-thoracic_extension-step2 =
    Pon las manos detrás de la cabeza para sostener el cuello, con los codos hacia delante.

# en: 4b693464
exercise-thoracic_extension-step3 =
    Toma aire e inclínate suavemente hacia atrás sobre la silla o la toalla, abriendo el pecho.

# en: 67e42cf1
exercise-thoracic_extension-step4 =
    Suelta el aire y vuelve a la posición inicial. Mantén quietas la zona lumbar y las costillas.

# en: 99d6175b
exercise-thoracic_extension-dose =
    De 8 a 10 inclinaciones lentas, 2 o 3 veces al día

# en: d60ebc1b
exercise-thoracic_extension-caution1 =
    Detente si notas dolor en el cuello o los brazos, u hormigueo en las manos.

# en: 87af5781
exercise-squat-name =
    Sentadilla

# en: 03ae6103
exercise-squat-summary =
    Lleva la cadera hacia atrás y hacia abajo, como si fueras a sentarte en una silla, y vuelve a ponerte de pie bien erguida.

# en: 59cdb353
exercise-squat-step1 =
    Ponte de pie con los pies un poco más separados que la cadera y las puntas ligeramente hacia fuera.

# en: ac52acfb
exercise-squat-step2 =
    Toma aire y dobla las rodillas y la cadera, llevando los glúteos hacia atrás como si fueras a sentarte.

# en: affc094e
exercise-squat-step3 =
    Mantén el pecho elevado y las rodillas en línea con las puntas de los pies.

# en: 814054d0
exercise-squat-step4 =
    Suelta el aire mientras empujas con los pies para ponerte de pie, elevando suavemente el suelo pélvico.

# en: 28866750
exercise-squat-dose =
    3 series de 8 a 12, 2 o 3 días a la semana; añade peso solo cuando 12 te resulten fáciles

# en: e5789887
exercise-squat-easier-name =
    Minisentadilla con apoyo

# en: a474d5f9
exercise-squat-easier-summary =
    Sujetándote a algo estable, dobla un poco las rodillas y vuelve a ponerte bien erguida.

# en: b2dab37c
exercise-squat-easier-step1 =
    Ponte de pie frente a la encimera de la cocina o al respaldo de una silla firme, con las manos apoyadas y los pies separados al ancho de la cadera.

# en: 6eeea208
exercise-squat-easier-step2 =
    Toma aire y dobla las rodillas y la cadera solo una cuarta parte del recorrido, como si empezaras a sentarte.

# en: 51817db8
exercise-squat-easier-step3 =
    Suelta el aire, eleva suavemente el suelo pélvico y empuja con los pies para volver a estar bien erguida.

# en: 456d8af2
exercise-squat-easier-dose =
    2 series de 8, 2 o 3 días a la semana

# en: 24c94393
exercise-squat-caution1 =
    Detente si notas dolor, escapes de orina, sensación de peso o de que algo baja en la pelvis.

# en: d2803ebb
exercise-squat-caution2 =
    Detente si te duelen las rodillas; no bajes tanto.

# en: 13d76c42
exercise-split_squat-name =
    Sentadilla en zancada

# en: 1155c39c
exercise-split_squat-summary =
    Con un pie delante y otro detrás, baja la rodilla de atrás hacia el suelo y vuelve a subir.

# en: 4ed916d4
exercise-split_squat-step1 =
    Ponte de pie con un pie un paso largo por delante del otro y el talón de atrás levantado.

# en: 38ceb8d0
exercise-split_squat-step2 =
    Mantén el cuerpo erguido y el peso sobre todo en el pie de delante.

# en: aae35c19
exercise-split_squat-step3 =
    Dobla las dos rodillas y baja la rodilla de atrás hacia el suelo.

# en: 6485fff4
exercise-split_squat-step4 =
    Empuja con el pie de delante para subir. Haz todas las repeticiones y luego cambia de pierna.

# en: 651e580d
exercise-split_squat-dose =
    3 series de 8 a 10 con cada pierna, 2 o 3 días a la semana

# en: 5e190db2
exercise-split_squat-easier-name =
    Zancada corta con apoyo

# en: 23a409f5
exercise-split_squat-easier-summary =
    Con un paso corto y una mano en la pared, baja un poco la rodilla de atrás y vuelve a subir.

# en: aaf33db3
exercise-split_squat-easier-step1 =
    Ponte de lado junto a una pared, con una mano apoyada en ella y un pie un paso corto por delante del otro.

# en: e55ae511
exercise-split_squat-easier-step2 =
    Dobla las dos rodillas para bajar solo unos centímetros, con el cuerpo erguido.

# en: 693f83be
exercise-split_squat-easier-step3 =
    Empuja con el pie de delante para volver a subir. Haz todas las repeticiones y luego cambia de pierna.

# en: 50da9afc
exercise-split_squat-easier-dose =
    2 series de 6 con cada pierna, 2 o 3 días a la semana

# en: a2051730
exercise-split_squat-caution1 =
    Detente si notas dolor en el pubis, la pelvis o la rodilla, o escapes de orina o sensación de peso.

# en: e0034e1b
exercise-single_leg_calf_raise-name =
    Elevación de talón a una pierna

# en: f3b1b20a
exercise-single_leg_calf_raise-summary =
    De pie sobre una pierna, sube despacio de puntillas y vuelve a bajar.

# en: d5388dd8
exercise-single_leg_calf_raise-step1 =
    Ponte de pie sobre una pierna cerca de una pared, apoyando la punta de un dedo en ella para mantener el equilibrio.

# en: 585baf10
exercise-single_leg_calf_raise-step2 =
    Sube despacio sobre la parte delantera del pie, tan alto como puedas.

# en: 571c3355
exercise-single_leg_calf_raise-step3 =
    Baja despacio, tardando unos 2 segundos.

# en: 7711254d
exercise-single_leg_calf_raise-step4 =
    Haz todas las repeticiones y luego cambia de pierna. Para correr hacen falta unas 20 seguidas con cada pierna.

# en: edb3f5c0
exercise-single_leg_calf_raise-dose =
    3 series de 10 a 20 con cada pierna, 3 días a la semana

# en: 73c6ff83
exercise-single_leg_calf_raise-easier-name =
    Elevación de talones con los dos pies

# en: 743a4772
exercise-single_leg_calf_raise-easier-summary =
    Sujetándote para mantener el equilibrio, sube de puntillas con los dos pies y baja despacio.

# en: 8d5c44d5
exercise-single_leg_calf_raise-easier-step1 =
    Ponte de pie con los pies separados al ancho de la cadera y la punta de los dedos en una pared o en la encimera.

# en: 34d27ad5
exercise-single_leg_calf_raise-easier-step2 =
    Sube despacio sobre la parte delantera de los dos pies.

# en: 30db8681
exercise-single_leg_calf_raise-easier-step3 =
    Baja despacio, tardando unos 2 segundos.

# en: 9637613d
exercise-single_leg_calf_raise-easier-dose =
    2 series de 10, 3 días a la semana

# en: 18ed03f1
exercise-single_leg_calf_raise-caution1 =
    Detente si notas dolor en la pantorrilla, en el tendón de Aquiles (el cordón que hay encima del talón) o en el pie.

# en: 2f3cb360
exercise-single_leg_bridge-name =
    Puente a una pierna

# en: 1bac8943
exercise-single_leg_bridge-summary =
    Un puente con un pie en el suelo y la otra pierna elevada, con la cadera nivelada.

# en: c2a1d1a8
exercise-single_leg_bridge-step1 =
    Acuéstate boca arriba, con las rodillas dobladas y los pies en el suelo. Levanta un pie y estira esa pierna.

# en: 0ca1f184
exercise-single_leg_bridge-step2 =
    Suelta el aire y empuja con el talón que está en el suelo para elevar la cadera.

# en: 388c3472
exercise-single_leg_bridge-step3 =
    Mantén los dos lados de la cadera a la misma altura, como si llevaras un vaso de agua en equilibrio sobre el abdomen.

# en: 2a3b509c
exercise-single_leg_bridge-step4 =
    Baja despacio. Haz todas las repeticiones y luego cambia de lado. Para correr hacen falta unas 20 por cada lado.

# en: d11afb59
exercise-single_leg_bridge-dose =
    3 series de 8 a 15 con cada pierna, 3 días a la semana

# en: 60adc87c
exercise-single_leg_bridge-easier-name =
    Medio puente con las dos piernas

# en: ce974544
exercise-single_leg_bridge-easier-summary =
    Boca arriba y con los dos pies apoyados, eleva la cadera solo en parte y bájala despacio.

# en: 54075c6c
exercise-single_leg_bridge-easier-step1 =
    Acuéstate boca arriba, con las rodillas dobladas y los dos pies apoyados en el suelo, separados al ancho de la cadera.

# en: e842e0de
exercise-single_leg_bridge-easier-step2 =
    Suelta el aire, eleva suavemente el suelo pélvico y separa un poco la cadera del suelo.

# en: 6086e153
exercise-single_leg_bridge-easier-step3 =
    Baja despacio y después gírate de lado antes de levantarte.

# en: 9637613d
exercise-single_leg_bridge-easier-dose =
    2 series de 10, 3 días a la semana

# en: 1ec77136
exercise-single_leg_bridge-caution1 =
    Detente si te duele la espalda, la pelvis o la parte de atrás del muslo, o si notas escapes de orina o sensación de peso.

# en: e1891e01
exercise-sit_to_stand-name =
    Levantarse de la silla

# en: 4db88925
exercise-sit_to_stand-summary =
    Levántate de una silla sin usar las manos y luego siéntate despacio.

# en: 5fd8f7e6
exercise-sit_to_stand-step1 =
    Siéntate en la parte delantera de una silla firme, con los pies apoyados y separados al ancho de la cadera.

# en: b2a373ad
exercise-sit_to_stand-step2 =
    Cruza los brazos sobre el pecho e inclínate un poco hacia delante.

# en: 7cfec9a6
exercise-sit_to_stand-step3 =
    Suelta el aire y empuja con los pies para ponerte de pie bien erguida.

# en: 2b1f2c20
exercise-sit_to_stand-step4 =
    Vuelve a sentarte despacio, tardando unos 3 segundos. Cuando tengas más fuerza, prueba con una sola pierna.

# en: 3e3fade5
exercise-sit_to_stand-dose =
    3 series de 10 a 15, 3 días a la semana; para correr, ve avanzando hasta hacer 20 con una sola pierna

# en: 870bb9be
exercise-sit_to_stand-easier-name =
    Levantarse desde un asiento alto

# en: b7b1d616
exercise-sit_to_stand-easier-summary =
    Levántate desde un asiento más alto, ayudándote con las manos en las rodillas, y siéntate despacio.

# en: d86023fa
exercise-sit_to_stand-easier-step1 =
    Siéntate en la parte delantera de un asiento alto y firme (el borde de la cama o una silla con un cojín), con los pies apoyados.

# en: dbf04faa
exercise-sit_to_stand-easier-step2 =
    Pon las manos en las rodillas, inclínate un poco hacia delante y suelta el aire mientras te levantas.

# en: 036b6a87
exercise-sit_to_stand-easier-step3 =
    Vuelve a sentarte despacio, tardando unos 3 segundos.

# en: ec5abe41
exercise-sit_to_stand-easier-dose =
    2 series de 8, 3 días a la semana

# en: 98b403b9
exercise-sit_to_stand-caution1 =
    Detente si notas dolor en las rodillas o la pelvis, o escapes de orina o sensación de peso.

# en: fb6e9b72
exercise-side_lying_abduction-name =
    Abducción de cadera de lado

# en: 5ee27573
exercise-side_lying_abduction-summary =
    Acostada de lado, eleva la pierna de arriba estirada y un poco por detrás de ti, para fortalecer el lateral de la cadera.

# en: 922c4333
exercise-side_lying_abduction-step1 =
    Acuéstate de lado, en línea recta de la cabeza al talón, con la rodilla de abajo doblada.

# en: f2cfb32d
exercise-side_lying_abduction-step2 =
    Lleva la pierna de arriba un poco por detrás del cuerpo, con la punta del pie hacia delante, no hacia arriba.

# en: 37aaad5e
exercise-side_lying_abduction-step3 =
    Eleva la pierna despacio, tan alto como puedas sin que la cadera se gire hacia atrás.

# en: 2a3b509c
exercise-side_lying_abduction-step4 =
    Baja despacio. Haz todas las repeticiones y luego cambia de lado. Para correr hacen falta unas 20 por cada lado.

# en: 8426ea35
exercise-side_lying_abduction-dose =
    3 series de 10 a 20 por cada lado, 3 días a la semana

# en: 72c20216
exercise-side_lying_abduction-easier-name =
    Apertura de rodilla de lado

# en: 81958155
exercise-side_lying_abduction-easier-summary =
    Acostada de lado con la rodilla de arriba doblada, eleva un poco esa rodilla y bájala.

# en: b88efe7c
exercise-side_lying_abduction-easier-step1 =
    Acuéstate de lado con las dos rodillas dobladas y la cabeza apoyada en el brazo o en una almohada.

# en: 1b208ff0
exercise-side_lying_abduction-easier-step2 =
    Mantén los pies juntos y eleva un poco la rodilla de arriba, sin que la cadera se gire hacia atrás.

# en: 92f456a9
exercise-side_lying_abduction-easier-step3 =
    Baja despacio. Haz todas las repeticiones y luego date la vuelta y haz el otro lado.

# en: d3668cda
exercise-side_lying_abduction-easier-dose =
    2 series de 10 por cada lado, 3 días a la semana

# en: fc123e16
exercise-side_lying_abduction-caution1 =
    Detente si notas dolor en la cadera, la espalda o el pubis.

# en: d11528cd
exercise-cross_training-name =
    Bici, natación o elíptica

# en: 5cc8acab
exercise-cross_training-summary =
    Mantén tu forma física sin impacto mientras llega el momento de correr: bici, piscina o elíptica.

# en: a469b2c2
exercise-cross_training-step1 =
    Elige la opción que prefieras: bicicleta estática o un paseo en bici, natación o elíptica (una máquina de gimnasio en la que los pies nunca se separan de los pedales).

# en: 9383b687
exercise-cross_training-step2 =
    Espera para nadar hasta que el sangrado haya terminado y los puntos o la herida, si los tienes, hayan cicatrizado.

# en: 9708d0a0
exercise-cross_training-step3 =
    Empieza con un esfuerzo suave que te permita seguir hablando, durante 10 a 15 minutos.

# en: 33503250
exercise-cross_training-step4 =
    Añade unos minutos cada semana si te sientes bien durante el ejercicio y al día siguiente.

# en: 7ab32d8d
exercise-cross_training-dose =
    De 20 a 30 minutos, 2 o 3 veces a la semana, a un ritmo que te permita seguir hablando

# en: 3ed907ce
exercise-cross_training-caution1 =
    Detente si notas dolor, escapes de orina, sensación de peso o de que algo baja, o si vuelve el sangrado.

# en: 9f9febb9
exercise-cross_training-caution2 =
    En bici, detente si el sillín te causa dolor donde tuviste puntos o un desgarro.

# en: 96af9ee3
exercise-walk_run_intervals-name =
    Intervalos de caminar y trotar

# en: 3a74fd13
exercise-walk_run_intervals-summary =
    Alterna tramos cortos de trote suave con pausas caminando, siguiendo las semanas que verás abajo.

# en: cc880f6e
exercise-walk_run_intervals-step1 =
    Calienta con 5 minutos de caminata a paso rápido.

# en: 8c0f85cd
exercise-walk_run_intervals-step2 =
    Sigue la pauta de trote y caminata de la semana en la que estás (mira las semanas de abajo), trotando a un ritmo suave que te permita seguir hablando.

# en: 986eab36
exercise-walk_run_intervals-step3 =
    Termina con 5 minutos de caminata suave para enfriar.

# en: 99f39623
exercise-walk_run_intervals-step4 =
    Pasa a la semana siguiente solo si no tuviste síntomas durante las sesiones ni al día siguiente.

# en: a05678e4
exercise-walk_run_intervals-step5 =
    Si los síntomas vuelven, regresa a la última semana que te sentó bien.

# en: 0e30683b
exercise-walk_run_intervals-dose =
    3 veces a la semana, con un día de descanso entre una sesión y otra

# en: 548b41e0
exercise-walk_run_intervals-stage1 =
    trota 1 minuto y camina 2 minutos; hazlo 5 veces

# en: 18def052
exercise-walk_run_intervals-stage2 =
    trota 2 minutos y camina 1 minuto; hazlo 5 veces

# en: f1c40502
exercise-walk_run_intervals-stage3 =
    trota 3 minutos y camina 1 minuto; hazlo 5 veces

# en: 4d59a025
exercise-walk_run_intervals-stage4 =
    trota 5 minutos y camina 1 minuto; hazlo 4 veces

# en: 305ded08
exercise-walk_run_intervals-stage5 =
    trota 8 minutos y camina 1 minuto; hazlo 3 veces

# en: fa2eb597
exercise-walk_run_intervals-stage6 =
    trota de 20 a 30 minutos sin parar, a un ritmo suave

# en: 4ddc3ba7
exercise-walk_run_intervals-caution1 =
    Detente si notas dolor, escapes de orina, sensación de peso o de que algo baja en la pelvis, o si aparece sangrado.

# en: ac34b584
exercise-walk_run_intervals-caution2 =
    Detente si te duelen la espalda, la cadera, las rodillas o los pies, y la próxima vez retrocede una etapa.

